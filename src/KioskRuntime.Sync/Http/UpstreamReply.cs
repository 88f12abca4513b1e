using System.Net;

namespace KioskRuntime.Sync.Http;

/// <summary>What one request to the back office came to. Immutable.</summary>
internal abstract record UpstreamReply
{
    /// <summary>The back office answered (any status). The body is read in full (contract answers are small).</summary>
    public sealed record Answered(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter, string? ETag) : UpstreamReply
    {
        public int Code => (int)Status;
    }

    /// <summary>No answer: timeout, refused or reset connection, DNS, TLS. The outcome of a push is unknown.</summary>
    public sealed record Unreachable(string Reason, bool TimedOut) : UpstreamReply;
}

namespace KioskRuntime.Sync.Http;

/// <summary>
/// The HTTP handler kioskd talks to its back office through. Redirects are never followed: a 307/308 would re-send a push of sales
/// (with the bearer token) to wherever the answer points; a redirect is an answer like any other non-2xx, logged and retried later.
/// </summary>
public static class UpstreamHandler
{
    public static SocketsHttpHandler Create() => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
    };
}

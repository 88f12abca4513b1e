using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace KioskRuntime.Control;

/// <summary>
/// The control protocol between <c>kioskd</c> and <c>kioskctl</c>: one JSON object per line over a unix stream socket
/// (<c>&lt;data-dir&gt;/kioskd.sock</c>, mode 0600). A request is answered by zero or more <c>item</c> lines (for streams such as a journal
/// export) and exactly one final line with <c>ok</c>.
/// </summary>
public static class ControlProtocol
{
    public const string SocketFileName = "kioskd.sock";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}

/// <summary>
/// A request: a command name (<c>status</c>, <c>scan</c>, <c>journal.export</c> …) and its arguments. <see cref="SudoUser"/> and
/// <see cref="SudoUid"/> are what kioskctl found in <c>SUDO_USER</c>/<c>SUDO_UID</c>: a claim kioskd logs next to the peer's real uid
/// (SO_PEERCRED), never an identity it trusts.
/// </summary>
public sealed record ControlRequest(string Command, JsonObject? Args = null, string? SudoUser = null, string? SudoUid = null);

/// <summary>Why a request failed, so that kioskctl can pick its exit code.</summary>
public enum ControlErrorKind
{
    /// <summary>The action was refused or the thing checked is wrong (exit code 1).</summary>
    Refused,

    /// <summary>The request itself was malformed (exit code 2).</summary>
    Usage,

    /// <summary>The daemon failed while handling it (exit code 1).</summary>
    Internal,
}

/// <summary>One line of a response: either an item of a stream, or the final answer.</summary>
public sealed record ControlResponse(bool? Ok, JsonNode? Result = null, string? Error = null, ControlErrorKind? ErrorKind = null, JsonNode? Item = null)
{
    public bool IsFinal => Ok is not null;

    public static ControlResponse Success(JsonNode? result) => new(true, result);

    public static ControlResponse Failure(string error, ControlErrorKind kind = ControlErrorKind.Refused) => new(false, Error: error, ErrorKind: kind);

    public static ControlResponse StreamItem(JsonNode item) => new(null, Item: item);
}

using System.Text.Json;
using KioskRuntime.Control;

namespace KioskRuntime.Daemon;

/// <summary>
/// Turns one request line of the control protocol into a <see cref="ControlRequest"/>, or says what is wrong with it. Never throws on
/// any input (fuzzed: <c>ControlProtocolFuzzTests</c>). Pure; thread-safe.
/// </summary>
internal static class ControlRequestReader
{
    /// <summary>The longest request line accepted (bytes, without the newline); the longest real one is a few hundred bytes.</summary>
    public const int MaxLineBytes = 16 * 1024;

    private const int MaxDepth = 8;

    public static bool TryParse(ReadOnlySpan<byte> line, out ControlRequest? request, out string? error)
    {
        request = null;
        if (line.Length > MaxLineBytes)
        {
            error = $"request longer than {MaxLineBytes} bytes";
            return false;
        }

        if (line.IsEmpty || line.Trim(" \t\r"u8).IsEmpty)
        {
            error = "empty request";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = MaxDepth });
            request = JsonSerializer.Deserialize<ControlRequest>(ref reader, ControlProtocol.Json);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            error = $"malformed request: {Clip(e.Message)}";
            return false;
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Command))
        {
            request = null;
            error = "malformed request: no command";
            return false;
        }

        if (request.Command.Length > 64)
        {
            request = null;
            error = "malformed request: the command name is longer than 64 characters";
            return false;
        }

        error = null;
        return true;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using KioskRuntime.Control;

namespace KioskRuntime.Daemon;

internal sealed partial class ControlCommands
{
    /// <summary>Writes the auditfile (journaled as an export), then streams it to kioskctl in chunks: bounded memory on both sides.</summary>
    private async IAsyncEnumerable<ControlResponse> SaftExportAsync(JsonObject args, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!TryDate(args, "from", out var from) || !TryDate(args, "to", out var to))
        {
            yield return ControlResponse.Failure("saft.export needs from and to as YYYY-MM-DD", ControlErrorKind.Usage);
            yield break;
        }

        if (to < from)
        {
            yield return ControlResponse.Failure($"the period ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", ControlErrorKind.Usage);
            yield break;
        }

        var (result, failure) = await TryExportAsync(from, to, ct).ConfigureAwait(false);
        if (result is null)
        {
            yield return ControlResponse.Failure(failure!);
            yield break;
        }

        using (var reader = new StreamReader(result.Path))
        {
            var buffer = new char[32 * 1024];
            int read;
            while ((read = await reader.ReadBlockAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                yield return ControlResponse.StreamItem(new JsonObject { ["xml"] = new string(buffer, 0, read) });
            }
        }

        yield return ControlResponse.Success(Node(result));
    }

    private async Task<(Fiscal.SaftExportResult? Result, string? Failure)> TryExportAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        try
        {
            return (await saft.ExportAsync(from, to, ct).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Journal.JournalUnavailableException or FormatException)
        {
            return (null, $"the export failed: {e.Message}");
        }
    }

    private static bool TryDate(JsonObject args, string name, out DateOnly date)
    {
        date = default;
        return Text(args, name) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}

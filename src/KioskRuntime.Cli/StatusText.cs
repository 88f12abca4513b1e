using System.Text;
using System.Text.Json.Nodes;

namespace KioskRuntime.Cli;

/// <summary>Plain-text renderings for a technician's terminal.</summary>
internal static class StatusText
{
    public static string Render(JsonNode? s)
    {
        if (s is null)
        {
            return "no status";
        }

        var b = new StringBuilder();
        b.AppendLine($"kiosk     {s["kioskId"]}  {s["state"]}{(s["reason"] is { } r ? $" ({r})" : "")}");
        if (s["profile"] is { } p)
        {
            var hash = p["hash"]?.ToString() is { Length: >= 12 } h ? h[..12] : "?";
            b.AppendLine((string?)p["trust"] switch
            {
                "signed" => $"profile   {p["file"]}  sha256 {hash}…, signed by key {p["keyId"]}",
                "unsigned-simulated" => $"profile   {p["file"]}  sha256 {hash}…, unsigned (simulated devices only)",
                _ => $"profile   {p["file"]}  sha256 {hash}…, UNSIGNED — DEVELOPMENT SETTING ON: {p["message"]}",
            });
        }

        var j = s["journal"];
        b.AppendLine($"journal   last seq {j?["lastSeq"]}, {((bool?)j?["canWrite"] == true ? "writable" : $"NOT WRITABLE: {j?["reason"]}")}");
        var u = s["upstream"];
        b.AppendLine(u?["url"] is null
            ? "upstream  none configured"
            : $"upstream  {u["url"]}  {((bool?)u["online"] == true ? "online" : "OFFLINE")}{(u["since"] is { } since ? $" since {since}" : "")}, pending {u["pending"]}, delivered to seq {u["deliveredSeq"]}, dead letters {u["deadLetters"]}{((bool?)u["forked"] == true ? ", FORK: pushing stopped" : "")}");
        b.AppendLine($"sales     {s["salesSinceStart"]} since start at {s["startedAt"]}");
        var cart = s["cart"];
        b.AppendLine($"cart      {cart?["mode"]}, {(cart?["lines"] as JsonArray)?.Count ?? 0} line(s), total {cart?["total"]}");
        b.Append(RenderDevices(s["devices"]));
        return b.ToString().TrimEnd();
    }

    public static string RenderDevices(JsonNode? devices)
    {
        var b = new StringBuilder();
        foreach (var d in devices as JsonArray ?? [])
        {
            b.AppendLine($"device    {d?["name"],-10} {d?["kind"],-17} {d?["driver"],-10} {d?["state"],-12} {d?["detail"]}");
        }

        return b.ToString().TrimEnd();
    }
}

internal static class JournalText
{
    /// <summary>"journal ok: 171 entries, seq 1..171, chain intact" or where it breaks.</summary>
    public static string Render(JsonNode? v)
    {
        if (v is null)
        {
            return "no result";
        }

        var counts = v["countsByType"] is JsonObject c ? string.Join(", ", c.Select(kv => $"{kv.Key} {kv.Value}")) : "";
        var head = (bool?)v["isValid"] == true
            ? $"journal ok: {v["entryCount"]} entries, seq {v["firstSeq"]}..{v["lastSeq"]}, hash chain intact"
            : $"journal BROKEN at seq {v["problemSeq"]}: {v["problem"]}";
        return $"{head}\nlast hash {v["lastHash"]}\n{counts}".TrimEnd();
    }
}

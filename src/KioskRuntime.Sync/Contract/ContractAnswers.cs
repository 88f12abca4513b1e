using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.Sync.Contract;

/// <summary>One element of a push answer's <c>results</c>.</summary>
internal readonly record struct PushResult(long Seq, string Status, string? Reason)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
}

/// <summary>A 200 push answer.</summary>
internal sealed record PushAnswer(long LastSeq, IReadOnlyList<PushResult> Results);

/// <summary>A 4xx body: <c>{"error": "seq-gap" | "fork" | "invalid", "seq", "expectedSeq", "reason"}</c>.</summary>
internal sealed record ErrorAnswer(string Error, long? Seq, long? ExpectedSeq, string? Reason);

internal sealed record CursorAnswer(long LastSeq, string LastHash);

/// <summary>
/// Reads the back office's answers strictly enough to trust them: a field of the wrong kind is an error that names the field,
/// never a silent default. Unknown fields are ignored (the contract lets the back office add fields).
/// </summary>
internal static class ContractAnswers
{
    public static bool TryReadPush(byte[] body, [NotNullWhen(true)] out PushAnswer? answer, [NotNullWhen(false)] out string? error)
    {
        answer = null;
        if (!TryParse(body, out var doc, out error))
        {
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (!TryLong(root, "lastSeq", out var lastSeq, out error))
            {
                return false;
            }

            if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                error = "results: missing or not an array";
                return false;
            }

            var list = new List<PushResult>(results.GetArrayLength());
            var i = 0;
            foreach (var item in results.EnumerateArray())
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"results[{i++}]");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    error = $"{at}: not an object";
                    return false;
                }

                if (!TryLong(item, "seq", out var seq, out error))
                {
                    error = $"{at}.{error}";
                    return false;
                }

                var status = String(item, "status");
                if (status is not (PushResult.Accepted or PushResult.Duplicate or PushResult.Rejected))
                {
                    error = $"{at}.status: expected accepted, duplicate or rejected, got {(status is null ? "nothing" : $"\"{status}\"")}";
                    return false;
                }

                list.Add(new PushResult(seq, status, String(item, "reason")));
            }

            answer = new PushAnswer(lastSeq, list);
            error = null;
            return true;
        }
    }

    /// <summary>Reads an error body; a body that is not one gives an answer with <c>Error</c> = "" (the status still says a lot).</summary>
    public static ErrorAnswer ReadError(byte[] body)
    {
        if (!TryParse(body, out var doc, out _))
        {
            return new ErrorAnswer("", null, null, Snippet(body));
        }

        using (doc)
        {
            var root = doc.RootElement;
            return new ErrorAnswer(
                String(root, "error") ?? "",
                TryLong(root, "seq", out var seq, out _) ? seq : null,
                TryLong(root, "expectedSeq", out var expected, out _) ? expected : null,
                String(root, "reason"));
        }
    }

    public static bool TryReadCursor(byte[] body, [NotNullWhen(true)] out CursorAnswer? cursor, [NotNullWhen(false)] out string? error)
    {
        cursor = null;
        if (!TryParse(body, out var doc, out error))
        {
            return false;
        }

        using (doc)
        {
            if (!TryLong(doc.RootElement, "lastSeq", out var lastSeq, out error))
            {
                return false;
            }

            if (lastSeq < 0)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"lastSeq: must not be negative, got {lastSeq}");
                return false;
            }

            var hash = doc.RootElement.TryGetProperty("lastHash", out var h) ? h : default;
            if (hash.ValueKind is not (JsonValueKind.String or JsonValueKind.Undefined or JsonValueKind.Null))
            {
                error = "lastHash: not a string";
                return false;
            }

            cursor = new CursorAnswer(lastSeq, hash.ValueKind == JsonValueKind.String ? hash.GetString()! : "");
            return true;
        }
    }

    internal static bool TryParse(byte[] body, [NotNullWhen(true)] out JsonDocument? doc, [NotNullWhen(false)] out string? error)
    {
        doc = null;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"answer is not JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}): {Snippet(body)}");
            return false;
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            error = $"answer is a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
            doc.Dispose();
            doc = null;
            return false;
        }

        error = null;
        return true;
    }

    internal static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static bool TryLong(JsonElement obj, string name, out long value, [NotNullWhen(false)] out string? error)
    {
        value = 0;
        if (!obj.TryGetProperty(name, out var v))
        {
            error = $"{name}: missing";
            return false;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out value))
        {
            error = $"{name}: expected an integer, got {v.GetRawText()}";
            return false;
        }

        error = null;
        return true;
    }

    internal static string Snippet(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200));
        return body.Length > 200 ? text + "…" : text;
    }
}

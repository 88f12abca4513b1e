using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles.Signing;

/// <summary>
/// The canonical form a profile signature covers, so that comments, whitespace, member order and trailing commas do not matter
/// (docs/profile-signing.md, "Canonical form"). Rules: the root object without its <c>signature</c> member; objects with members
/// sorted by name (ordinal over UTF-16 code units, as RFC 8785); no whitespace; strings re-escaped minimally (<c>\"</c>, <c>\\</c>,
/// <c>\b \f \n \r \t</c>, other controls as <c>\u00xx</c>, everything else as UTF-8); numbers exactly as their token in the file;
/// <c>true</c>, <c>false</c>, <c>null</c>. A duplicate member name anywhere is refused: two readers could pick different values.
/// Stateless; thread-safe.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The member that carries the embedded signature; never part of what is signed.</summary>
    public const string SignatureMember = "signature";

    private static readonly JsonDocumentOptions Relaxed = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The canonical UTF-8 bytes of a profile file; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static byte[] OfProfile(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8.ToArray(), Relaxed);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("a profile must be a JSON object");
            }

            var output = new MemoryStream();
            WriteObject(output, document.RootElement, skipSignature: true, "");
            return output.ToArray();
        }
    }

    private static void Write(Stream o, JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(o, e, skipSignature: false, path);
                break;
            case JsonValueKind.Array:
                o.WriteByte((byte)'[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i > 0)
                    {
                        o.WriteByte((byte)',');
                    }

                    Write(o, item, $"{path}[{i}]");
                    i++;
                }

                o.WriteByte((byte)']');
                break;
            case JsonValueKind.String:
                WriteString(o, e.GetString()!);
                break;
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
            case JsonValueKind.Null:
                o.Write(Encoding.UTF8.GetBytes(e.GetRawText()));
                break;
            default:
                throw new FormatException($"{path}: unexpected JSON value");
        }
    }

    private static void WriteObject(Stream o, JsonElement e, bool skipSignature, string path)
    {
        var members = new List<JsonProperty>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            var at = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
            if (!names.Add(p.Name))
            {
                throw new FormatException($"{at}: the member appears twice; a signed profile must name each member once");
            }

            if (!(skipSignature && p.Name == SignatureMember))
            {
                members.Add(p);
            }
        }

        members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        o.WriteByte((byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                o.WriteByte((byte)',');
            }

            WriteString(o, members[i].Name);
            o.WriteByte((byte)':');
            Write(o, members[i].Value, path.Length == 0 ? members[i].Name : $"{path}.{members[i].Name}");
        }

        o.WriteByte((byte)'}');
    }

    private static void WriteString(Stream o, string s)
    {
        var b = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => b.Append("\\\""),
                '\\' => b.Append("\\\\"),
                '\b' => b.Append("\\b"),
                '\f' => b.Append("\\f"),
                '\n' => b.Append("\\n"),
                '\r' => b.Append("\\r"),
                '\t' => b.Append("\\t"),
                < ' ' => b.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => b.Append(c),
            };
        }

        o.Write(Encoding.UTF8.GetBytes(b.Append('"').ToString()));
    }
}

using System.Text;
using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles.Signing;

/// <summary>
/// Text surgery on a profile file: removes the root object's <c>signature</c> member (wherever it is) and inserts a new one as the last
/// member, keeping every other byte (comments, layout) as the author wrote it. Stateless; thread-safe.
/// </summary>
internal static class EmbeddedSignatureText
{
    private static readonly JsonReaderOptions Relaxed = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static byte[] Replace(ReadOnlySpan<byte> utf8, string member)
    {
        var text = utf8.ToArray();
        var (removeFrom, removeTo) = Locate(text);
        byte[] kept = removeFrom >= 0 ? [.. text.AsSpan(0, removeFrom), .. text.AsSpan(removeTo)] : text;

        // Inserted right after the last member's value: a trailing comma or comment that followed it stays after the new member.
        var lastValueEnd = LastMemberEnd(kept);
        var first = kept[lastValueEnd - 1] == (byte)'{';
        var insert = Encoding.UTF8.GetBytes((first ? "\n  " : ",\n  ") + member + (first ? "\n" : ""));
        return [.. kept.AsSpan(0, lastValueEnd), .. insert, .. kept.AsSpan(lastValueEnd)];
    }

    /// <summary>Where the root's signature member starts and ends, with its separating comma; (-1, -1) when there is none.</summary>
    private static (int From, int To) Locate(byte[] text)
    {
        var reader = new Utf8JsonReader(text, Relaxed);
        int from = -1, to = -1, previousEnd = -1;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var isSignature = reader.ValueTextEquals(CanonicalJson.SignatureMember);
                reader.Read();
                reader.Skip();
                var end = (int)reader.BytesConsumed;
                if (isSignature)
                {
                    // Remove from the end of the previous member (taking its separating comma) or, when first, up to the next comma.
                    from = previousEnd >= 0 ? previousEnd : nameStart;
                    to = end;
                    if (previousEnd < 0)
                    {
                        var next = Array.IndexOf(text, (byte)',', end);
                        to = next >= 0 && text.AsSpan(end, next - end).Trim(" \t\r\n"u8).IsEmpty ? next + 1 : end;
                    }
                }

                previousEnd = end;
            }
        }

        return (from, to);
    }

    private static int LastMemberEnd(byte[] text)
    {
        var reader = new Utf8JsonReader(text, Relaxed);
        var end = -1;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
                reader.Skip();
                end = (int)reader.BytesConsumed;
            }
            else if (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartObject && end < 0)
            {
                end = (int)reader.BytesConsumed;
            }
        }

        return end;
    }
}

using System.Text;
using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>
/// Maps JSON paths (<c>devices[1].options.capabilities</c>) to 1-based line and column in the source text, so that validation
/// problems found after parsing still point at the right place. Built with one pass of <see cref="Utf8JsonReader"/>.
/// </summary>
internal sealed class JsonPositions
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    private JsonPositions()
    {
    }

    public static JsonPositions Build(byte[] utf8, JsonReaderOptions options)
    {
        var map = new JsonPositions();
        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(utf8, options);
        var stack = new Stack<(string Path, bool IsArray, int Index)>();
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        var parent = stack.Count > 0 ? stack.Peek().Path : "";
                        map.Record(Join(parent, pendingProperty!), reader.TokenStartIndex, lineStarts, utf8);
                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = ValuePath(stack, pendingProperty);
                        map.Record(path, reader.TokenStartIndex, lineStarts, utf8, overwrite: false);
                        stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        Advance(stack);
                        break;
                    default:
                        map.Record(ValuePath(stack, pendingProperty), reader.TokenStartIndex, lineStarts, utf8, overwrite: false);
                        Advance(stack);
                        break;
                }

                pendingProperty = null;
            }
        }
        catch (JsonException)
        {
            // Syntax errors are reported by the parser itself; positions found so far are still useful.
        }

        return map;
    }

    public (int Line, int Column) Find(string path)
    {
        // Fall back to the nearest ancestor that has a position.
        while (true)
        {
            if (_positions.TryGetValue(path, out var p))
            {
                return p;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return _positions.TryGetValue("", out var root) ? root : (0, 0);
            }

            path = path[..cut];
        }
    }

    private static string ValuePath(Stack<(string Path, bool IsArray, int Index)> stack, string? property)
    {
        if (stack.Count == 0)
        {
            return "";
        }

        var top = stack.Peek();
        return top.IsArray ? $"{top.Path}[{top.Index}]" : Join(top.Path, property ?? "");
    }

    private static void Advance(Stack<(string Path, bool IsArray, int Index)> stack)
    {
        if (stack.Count > 0 && stack.Peek().IsArray)
        {
            var top = stack.Pop();
            stack.Push(top with { Index = top.Index + 1 });
        }
    }

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    private void Record(string path, long offset, List<int> lineStarts, byte[] utf8, bool overwrite = true)
    {
        if (!overwrite && _positions.ContainsKey(path))
        {
            return;
        }

        var line = lineStarts.BinarySearch((int)offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var column = Encoding.UTF8.GetCharCount(utf8, lineStarts[line], (int)offset - lineStarts[line]) + 1;
        _positions[path] = (line + 1, column);
    }
}

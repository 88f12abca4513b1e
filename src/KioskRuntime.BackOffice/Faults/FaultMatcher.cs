using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace KioskRuntime.BackOffice.Faults;

/// <summary>"METHOD /path/glob" → a method test and a compiled path pattern. Immutable.</summary>
internal sealed class FaultMatcher
{
    private readonly string _method;
    private readonly Regex _path;

    private FaultMatcher(string method, Regex path)
    {
        _method = method;
        _path = path;
    }

    public static bool TryCreate(string match, [NotNullWhen(true)] out FaultMatcher? matcher, [NotNullWhen(false)] out string? error)
    {
        matcher = null;
        var parts = match.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[1].StartsWith('/'))
        {
            error = $"expected \"METHOD /path/glob\" (e.g. \"POST /v1/kiosks/*/events\"), got \"{match}\"";
            return false;
        }

        var pattern = new StringBuilder("^");
        var glob = parts[1];
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
            }
            else if (glob[i] == '*')
            {
                pattern.Append("[^/]*");
            }
            else
            {
                pattern.Append(Regex.Escape(glob[i].ToString()));
            }
        }

        pattern.Append('$');
        matcher = new FaultMatcher(parts[0].ToUpperInvariant(),
            new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)));
        error = null;
        return true;
    }

    public bool IsMatch(string method, string path) =>
        (_method == "*" || string.Equals(_method, method, StringComparison.OrdinalIgnoreCase)) && _path.IsMatch(path);
}

namespace KioskRuntime.RackbeatSimulator;

/// <summary>The faults waiting to fire and the log of requests seen. Thread-safe.</summary>
internal sealed class FaultBook
{
    private readonly Lock _lock = new();
    private readonly List<FaultRule> _rules = [];
    private readonly List<string> _requests = [];

    public void Replace(IEnumerable<FaultRule> rules)
    {
        lock (_lock)
        {
            _rules.Clear();
            _rules.AddRange(rules);
        }
    }

    public void Add(FaultRule rule)
    {
        lock (_lock)
        {
            _rules.Add(rule);
        }
    }

    public IReadOnlyList<string> Requests()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }

    /// <summary>Logs the request and takes the first rule matching it, if any.</summary>
    public FaultRule? Take(string request)
    {
        lock (_lock)
        {
            _requests.Add(request);
            var rule = _rules.Find(r => request.Contains(r.Match, StringComparison.Ordinal));
            if (rule is not null && --rule.Times <= 0)
            {
                _rules.Remove(rule);
            }

            return rule;
        }
    }

    public static string? Problem(FaultRule rule) =>
        string.IsNullOrEmpty(rule.Match) ? "match: required (a substring of \"METHOD /api/path\")"
        : !FaultRule.Kinds.Contains(rule.Kind) ? $"kind: \"{rule.Kind}\" is not one of {string.Join(", ", FaultRule.Kinds)}"
        : rule.Kind == "status" && rule.Status is < 400 or > 599 ? "status: must be 400..599"
        : rule.Kind == "then-move" && (rule.Item is null || rule.Location is null) ? "then-move needs item and location"
        : rule.Times < 1 ? "times: must be at least 1"
        : null;
}

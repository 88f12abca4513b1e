namespace KioskRuntime.BackOffice.Faults;

/// <summary>
/// The active fault rules, switchable at runtime. The first rule that matches a request, passes its probability draw and
/// has count left fires (and uses one count). Draws use a per-rule <see cref="Random"/>, seeded when the rule has a seed,
/// so a seeded rule fires on the same requests every run. Thread safety: all members are safe for concurrent use.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private List<ActiveRule> _rules = [];

    public void Replace(IReadOnlyList<FaultRule> rules)
    {
        var active = rules.Select(r => new ActiveRule(r)).ToList();
        lock (_gate)
        {
            _rules = active;
        }
    }

    public void Clear() => Replace([]);

    /// <summary>The rules with the count each has left (null: no limit).</summary>
    public IReadOnlyList<(FaultRule Rule, int? Remaining)> List()
    {
        lock (_gate)
        {
            return _rules.Select(r => (r.Rule, r.Remaining)).ToList();
        }
    }

    /// <summary>The fault to apply to this request, if any.</summary>
    public FaultRule? Pick(string method, string path)
    {
        lock (_gate)
        {
            foreach (var rule in _rules)
            {
                if (rule.Remaining == 0 || !rule.Matcher.IsMatch(method, path))
                {
                    continue;
                }

                if (rule.Rule.Probability < 1.0 && rule.Random.NextDouble() >= rule.Rule.Probability)
                {
                    continue;
                }

                if (rule.Remaining is { } left)
                {
                    rule.Remaining = left - 1;
                }

                return rule.Rule;
            }

            return null;
        }
    }

    private sealed class ActiveRule
    {
        public ActiveRule(FaultRule rule)
        {
            Rule = rule;
            Remaining = rule.Count;
            Random = rule.Seed is { } seed ? new Random(seed) : new Random();
            Matcher = FaultMatcher.TryCreate(rule.Match, out var matcher, out var error)
                ? matcher
                : throw new ArgumentException($"Fault rule match: {error}", nameof(rule));
        }

        public FaultRule Rule { get; }

        public FaultMatcher Matcher { get; }

        public Random Random { get; }

        public int? Remaining { get; set; }
    }
}

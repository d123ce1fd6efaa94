using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// A rule about one article: an article holding a signal of one of <see cref="Categories"/> with at least
/// <see cref="MinConfidence"/> fires an <c>article</c>-scope alert at once (no index, no <c>for</c>). It resolves
/// after <see cref="ResolveAfter"/>, so the lifecycle stays the same for subscribers.
/// </summary>
public sealed record ArticleRule(
    string Name,
    IReadOnlyCollection<SignalCategory> Categories,
    double MinConfidence,
    string Severity,
    TimeSpan ResolveAfter)
{
    /// <summary>
    /// The most matching signals an alert shows as its evidence: a long report can repeat the same attack a dozen
    /// times, and each would travel in the firing and the resolved message, the outbox, the alert log and every
    /// checkpoint while the alert is open. The article itself (<c>GET /api/articles/{id}</c>) keeps them all.
    /// </summary>
    public const int ShownSignals = 5;

    /// <summary>The signals of an article that match the rule, strongest first, at most <see cref="ShownSignals"/>.</summary>
    public IReadOnlyList<Signal> Matching(ArticleScored article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.Signals
            .Where(s => Categories.Contains(s.Category) && s.Confidence >= MinConfidence)
            .OrderByDescending(s => s.Confidence)
            .Take(ShownSignals)
            .ToList();
    }

    /// <summary>The reasons the rule is not usable, empty when it is.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add("a rule needs a name");
        }
        else if (Name.Length > 200 || StoredText.HasControl(Name))
        {
            problems.Add("a rule's name must be at most 200 characters without control characters");
        }

        if (Categories is null || Categories.Count == 0)
        {
            problems.Add($"rule '{Name}': name at least one signal category");
        }

        if (double.IsNaN(MinConfidence) || MinConfidence is <= 0 or > 1)
        {
            problems.Add($"rule '{Name}': minimum confidence must be in (0, 1]");
        }

        if (!AlertRule.Severities.Contains(Severity))
        {
            problems.Add($"rule '{Name}': severity must be critical, warning or info");
        }

        if (ResolveAfter <= TimeSpan.Zero || ResolveAfter > AlertRule.LongestWait)
        {
            problems.Add($"rule '{Name}': resolve-after must be positive and at most {AlertRule.LongestWait.TotalDays} days");
        }

        return problems;
    }
}

/// <summary>
/// The rules shipped by default, for operations teams to tune. Absolute rules watch the combined risk
/// <c>P² / (P + E)</c> (half-life 6 hours; one strongly escalatory story adds 60 to 100 points of pressure); surge
/// rules watch pressure against the scope's own 7-day baseline.
/// </summary>
public static class DefaultRules
{
    /// <summary>An article reporting an attack carried out: critical, at once.</summary>
    public static ArticleRule ArticleAttack { get; } = new(
        "article-attack", [SignalCategory.Attack], 0.7, "critical", TimeSpan.FromHours(1));

    /// <summary>The index rules: a burst about a dyad fires within seconds; slower rises need their <c>for</c>.</summary>
    public static IReadOnlyList<AlertRule> IndexRules { get; } =
    [
        // About six strongly escalatory distinct stories at once (or ten ordinary ones): critical, no waiting.
        new("dyad-burst", ScopeKind.Dyad, 400, 150, TimeSpan.Zero, "critical", TimeSpan.FromHours(1)),

        // Two or three stories that keep the index up for two hours.
        new("dyad-elevated", ScopeKind.Dyad, 150, 75, TimeSpan.FromHours(2), "warning", TimeSpan.FromHours(4)),
        new("country-elevated", ScopeKind.Country, 250, 100, TimeSpan.FromHours(2), "warning", TimeSpan.FromHours(4)),
        new("global-elevated", ScopeKind.Global, 600, 300, TimeSpan.FromHours(1), "info", TimeSpan.FromHours(6)),

        // A dyad under four times its usual pressure for ten minutes (a quiet pair: about two strong stories),
        // whatever its absolute level; it ends once back under twice its usual.
        new("dyad-surge", ScopeKind.Dyad, 4, 2, TimeSpan.FromMinutes(10), "critical", TimeSpan.FromHours(2), Surge: new SurgeSpec("factor", 30)),
        new("country-surge", ScopeKind.Country, 4, 2, TimeSpan.FromMinutes(15), "warning", TimeSpan.FromHours(4), Surge: new SurgeSpec("factor", 40)),
    ];
}

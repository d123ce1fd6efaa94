using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Rolling risk per scope (dyad, country, global): an exponentially decayed sum of article contributions, where an
/// article contributes <c>100 · (escalation − deescalation)</c> points, so de-escalation lowers the index. The value
/// read is never below zero. Each <c>storyId</c> counts once per scope (a syndicated story from many outlets does
/// not multiply risk) and each <c>articleId</c> once (a redelivery changes nothing).
/// </summary>
public sealed class RiskIndex
{
    private readonly double halfLifeSeconds;
    private readonly TimeSpan memory;
    private readonly Dictionary<AlertScope, ScopeState> scopes = [];
    private readonly Dictionary<string, DateTimeOffset> articles = new(StringComparer.Ordinal);

    /// <summary>Creates an index with the given half-life; ids are remembered for <paramref name="memory"/>.</summary>
    public RiskIndex(TimeSpan halfLife, TimeSpan? memory = null)
    {
        if (halfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "the half-life must be positive");
        }

        halfLifeSeconds = halfLife.TotalSeconds;
        this.memory = memory ?? TimeSpan.FromTicks(halfLife.Ticks * 20);
    }

    /// <summary>The index as data.</summary>
    public IndexSnapshot Export() => new(
        TimeSpan.FromSeconds(halfLifeSeconds),
        memory,
        scopes.Select(kv => new ScopeSnapshot(
            kv.Key, kv.Value.Sum, kv.Value.UpdatedAt,
            kv.Value.Stories.Select(s => new SeenId(s.Key, s.Value)).ToList(),
            kv.Value.Recent.Select(c => new ContributionSnapshot(c.Article, c.At, c.Points)).ToList())).ToList(),
        articles.Select(a => new SeenId(a.Key, a.Value)).ToList());

    /// <summary>An index restored from <see cref="Export"/>.</summary>
    public static RiskIndex Import(IndexSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var index = new RiskIndex(snapshot.HalfLife, snapshot.Memory);
        foreach (var seen in snapshot.Articles)
        {
            index.articles[seen.Id] = seen.At;
        }

        foreach (var scope in snapshot.Scopes)
        {
            var state = new ScopeState(scope.UpdatedAt) { Sum = scope.Sum };
            foreach (var story in scope.Stories)
            {
                state.Stories[story.Id] = story.At;
            }

            state.Recent.AddRange(scope.Recent.Select(c => new Contribution(c.Article, c.At, c.Points)));
            index.scopes[scope.Scope] = state;
        }

        return index;
    }

    /// <summary>The scopes that have received a contribution.</summary>
    public IEnumerable<AlertScope> Scopes => scopes.Keys;

    /// <summary>
    /// Adds an article at time <paramref name="at"/>. Returns false (and changes nothing) when the article id was
    /// already counted.
    /// </summary>
    public bool Add(ArticleScored article, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (!articles.TryAdd(article.ArticleId, at))
        {
            return false;
        }

        var points = 100 * (article.Escalation - article.Deescalation);
        foreach (var scope in ScopesOf(article))
        {
            if (!scopes.TryGetValue(scope, out var state))
            {
                state = new ScopeState(at);
                scopes[scope] = state;
            }

            if (state.Stories.TryAdd(article.StoryId, at))
            {
                state.Sum = (Decay(state.Sum, at - state.UpdatedAt)) + points;
                state.UpdatedAt = at;
                state.Recent.Add(new Contribution(article, at, points));
            }
        }

        return true;
    }

    /// <summary>The index of a scope at time <paramref name="at"/> (0 for an unknown scope).</summary>
    public double ValueAt(AlertScope scope, DateTimeOffset at) =>
        scopes.TryGetValue(scope, out var state) ? Math.Max(0, Decay(state.Sum, at - state.UpdatedAt)) : 0;

    /// <summary>When a scope last received a contribution, or null for an unknown scope.</summary>
    public DateTimeOffset? UpdatedAt(AlertScope scope) => scopes.TryGetValue(scope, out var state) ? state.UpdatedAt : null;

    /// <summary>
    /// The index of a scope at each of <paramref name="times"/>, rebuilt from the contributions it remembers (the
    /// decayed sum is linear in them). Contributions are kept for <see cref="ContributionHalfLives"/> half-lives, so
    /// over the last four half-lives a point misses at most a sixteenth of any forgotten one; further back it undercounts.
    /// </summary>
    public IReadOnlyList<double> History(AlertScope scope, IReadOnlyList<DateTimeOffset> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (!scopes.TryGetValue(scope, out var state))
        {
            return [.. times.Select(_ => 0.0)];
        }

        return [.. times.Select(t => Math.Max(0, state.Recent.Where(c => c.At <= t).Sum(c => Decay(c.Points, t - c.At))))];
    }

    /// <summary>The articles that weigh most in a scope now: decayed escalation contributions, largest first.</summary>
    public IReadOnlyList<ArticleScored> TopArticles(AlertScope scope, DateTimeOffset at, int count)
    {
        if (!scopes.TryGetValue(scope, out var state))
        {
            return [];
        }

        return state.Recent
            .Where(c => c.Points > 0)
            .OrderByDescending(c => Decay(c.Points, at - c.At))
            .Take(count)
            .Select(c => c.Article)
            .ToList();
    }

    /// <summary>
    /// How many half-lives the contributions themselves (each holding its scored article, for evidence and history)
    /// are kept: eight, so a history over the last four half-lives (24 h by default) misses at most a sixteenth of
    /// any forgotten contribution; the sum itself stays exact. Ids are kept for the whole memory (20 half-lives by
    /// default), so late redeliveries still count once.
    /// </summary>
    public const int ContributionHalfLives = 8;

    /// <summary>Forgets ids older than the memory and contributions older than <see cref="ContributionHalfLives"/> half-lives.</summary>
    public void Prune(DateTimeOffset now)
    {
        var horizon = now - memory;
        var contributionHorizon = now - TimeSpan.FromSeconds(Math.Min(memory.TotalSeconds, halfLifeSeconds * ContributionHalfLives));
        foreach (var (id, at) in articles.Where(a => a.Value < horizon).ToList())
        {
            articles.Remove(id);
        }

        foreach (var state in scopes.Values)
        {
            foreach (var (story, _) in state.Stories.Where(s => s.Value < horizon).ToList())
            {
                state.Stories.Remove(story);
            }

            state.Recent.RemoveAll(c => c.At < contributionHorizon);
        }
    }

    /// <summary>
    /// The scopes an article counts in: each dyad, each state actor (ISO 3166 alpha-3), and global. A de-escalatory
    /// article also counts for every pair of the states it names (up to <see cref="MaxStatesPaired"/>): mediation
    /// and ceasefires are often reported through a third party ("Oman offered to mediate between Iran and the United
    /// States"), whose signals link the mediator, while what they calm is the pair in conflict.
    /// </summary>
    public static IEnumerable<AlertScope> ScopesOf(ArticleScored article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var dyads = new SortedSet<string>(article.Dyads, StringComparer.Ordinal);
        var states = article.Actors.Select(a => a.Code).Where(IsState).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (article.Deescalation > article.Escalation && states.Count <= MaxStatesPaired)
        {
            for (var i = 0; i < states.Count; i++)
            {
                for (var j = i + 1; j < states.Count; j++)
                {
                    dyads.Add($"{states[i]}-{states[j]}");
                }
            }
        }

        foreach (var dyad in dyads)
        {
            yield return new AlertScope(ScopeKind.Dyad, dyad);
        }

        foreach (var code in article.Actors.Select(a => a.Code).Where(IsState).Distinct(StringComparer.Ordinal))
        {
            yield return new AlertScope(ScopeKind.Country, code);
        }

        yield return new AlertScope(ScopeKind.Global, "global");
    }

    /// <summary>The most states a de-escalatory article is paired across.</summary>
    public const int MaxStatesPaired = 4;

    private static bool IsState(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);

    private double Decay(double value, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? value : value * Math.Pow(2, -elapsed.TotalSeconds / halfLifeSeconds);

    private sealed class ScopeState(DateTimeOffset at)
    {
        public double Sum { get; set; }

        public DateTimeOffset UpdatedAt { get; set; } = at;

        public Dictionary<string, DateTimeOffset> Stories { get; } = new(StringComparer.Ordinal);

        public List<Contribution> Recent { get; } = [];
    }

    private sealed record Contribution(ArticleScored Article, DateTimeOffset At, double Points);
}

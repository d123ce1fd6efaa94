using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Two rolling indices per scope (dyad, country, global), each an exponentially decayed sum of article
/// contributions: <b>escalation pressure</b>, fed by each article's escalation weighted by the severity of its
/// strongest escalation signal, and <b>de-escalation effort</b>, fed likewise by its de-escalation. Neither cancels the
/// other, and no article lowers either. The combined <b>risk</b> (the value the absolute rules watch) is
/// <c>P² / (P + E)</c>: pressure damped by the share of effort, never erased by it (see <see cref="Combine"/>).
/// Each scope also keeps a <b>baseline</b> of its pressure: the median of its hourly samples over the last 7 days.
/// Each <c>storyId</c> counts once per scope (a syndicated story does not multiply risk) and each <c>articleId</c>
/// once (a redelivery changes nothing).
/// </summary>
public sealed partial class RiskIndex
{
    /// <summary>The hourly samples a baseline is taken over: 7 days.</summary>
    public const int BaselineHours = 7 * 24;

    /// <summary>The fewest watched hours a baseline needs; before that a scope's baseline is unknown (surge rules wait).</summary>
    public const int MinBaselineHours = 6;

    /// <summary>The severity weight of an article whose score has no signal of that polarity to weigh by.</summary>
    public const double DefaultWeight = 0.8;

    /// <summary>
    /// How many half-lives the contributions themselves (each holding its scored article, for evidence and history)
    /// are kept: eight, so a history over the last four half-lives (24 h by default) misses at most a sixteenth of
    /// any forgotten contribution; the sums themselves stay exact. Ids are kept for the whole memory (20 half-lives by
    /// default), so late redeliveries still count once.
    /// </summary>
    public const int ContributionHalfLives = 8;

    /// <summary>
    /// How many contributions per scope keep their scored article, for evidence: those whose pressure weighs most.
    /// Decay is the same for all, so which weigh most does not change with time (the order of <c>ln p + t·ln2/h</c>),
    /// and twice the evidence an alert shows (<see cref="AlertEngine.EvidenceCount"/>) leaves room for the
    /// contributions forgotten meanwhile. The others keep only their time and points, so what the index holds per
    /// article does not grow with the size of its score.
    /// </summary>
    public const int EvidenceHeld = 2 * AlertEngine.EvidenceCount;

    /// <summary>The most states a de-escalatory article is paired across.</summary>
    public const int MaxStatesPaired = 4;

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly double _halfLifeSeconds;
    private readonly TimeSpan _memory;
    private readonly Dictionary<AlertScope, ScopeState> _scopes = [];
    private readonly Dictionary<string, DateTimeOffset> _articles = new(StringComparer.Ordinal);

    // A scope's baseline only changes at hour boundaries (the samples are those of past boundaries), so each is worked
    // out once an hour, not at every evaluation.
    private readonly Dictionary<AlertScope, (DateTimeOffset Hour, Baseline? Baseline)> _baselines = [];

    /// <summary>Creates an index with the given half-life; ids are remembered for <paramref name="memory"/>.</summary>
    public RiskIndex(TimeSpan halfLife, TimeSpan? memory = null)
    {
        if (halfLife <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "the half-life must be positive");
        }

        _halfLifeSeconds = halfLife.TotalSeconds;
        _memory = memory ?? TimeSpan.FromTicks(halfLife.Ticks * 20);
    }

    /// <summary>When the index first counted an article: the start of every scope's watched hours.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>How many article ids the index remembers (those within its memory).</summary>
    public int ArticlesHeld => _articles.Count;

    /// <summary>The scopes that have received a contribution.</summary>
    public IEnumerable<AlertScope> Scopes => _scopes.Keys;

    /// <summary>
    /// The scopes that received a contribution since the engine last cleared this set (after each evaluation): the
    /// only ones whose values rose.
    /// </summary>
    internal HashSet<AlertScope> Touched { get; } = [];

    /// <summary>
    /// The severity weight of a signal category in the indices: <c>0.6 + 0.05·|Goldstein|</c>, from 0.65 (dialogue)
    /// to 1.1 (an attack). An attack weighs more than a warning, a ceasefire more than a call for calm.
    /// </summary>
    public static double Weight(SignalCategory category) => 0.6 + (0.05 * Math.Abs(Taxonomy.Of(category).Goldstein));

    /// <summary>
    /// An article's points: pressure <c>100 · escalation · w</c> and effort <c>100 · deescalation · w'</c>, with
    /// <c>w</c>, <c>w'</c> the weights of its strongest signal of each polarity (<see cref="DefaultWeight"/> when it
    /// has none). Both are never negative.
    /// </summary>
    public static (double Pressure, double Effort) PointsOf(ArticleScored article)
    {
        ArgumentNullException.ThrowIfNull(article);
        double escalationWeight = 0, deescalationWeight = 0;
        foreach (var signal in article.Signals)
        {
            ref var weight = ref signal.Polarity == Polarity.Escalation ? ref escalationWeight : ref deescalationWeight;
            weight = Math.Max(weight, Weight(signal.Category));
        }

        return (
            100 * Math.Clamp(article.Escalation, 0, 1) * (escalationWeight > 0 ? escalationWeight : DefaultWeight),
            100 * Math.Clamp(article.Deescalation, 0, 1) * (deescalationWeight > 0 ? deescalationWeight : DefaultWeight));
    }

    /// <summary>
    /// The combined risk of a scope: <c>P² / (P + E)</c>, that is pressure times its share of all the activity. It
    /// rises with pressure and falls with effort, never below zero: effort equal to the pressure halves it, effort
    /// far above it brings it toward zero, and none leaves it at the pressure. A strongly mixed article therefore
    /// raises the risk (by half its pressure) instead of cancelling to nothing.
    /// </summary>
    public static double Combine(double pressure, double effort) =>
        pressure <= 0 ? 0 : pressure * pressure / (pressure + Math.Max(0, effort));

    /// <summary>
    /// Adds an article at time <paramref name="at"/>. Returns false (and changes nothing) when the article id was
    /// already counted.
    /// </summary>
    public bool Add(ArticleScored article, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (!_articles.TryAdd(article.ArticleId, at))
        {
            return false;
        }

        Since ??= at;
        var (pressure, effort) = PointsOf(article);
        foreach (var scope in ScopesOf(article))
        {
            if (!_scopes.TryGetValue(scope, out var state))
            {
                state = new ScopeState(at);
                _scopes[scope] = state;
            }

            if (state.Stories.TryAdd(article.StoryId, at))
            {
                Sample(state, at);
                var elapsed = at - state.UpdatedAt;
                state.Pressure = Decay(state.Pressure, elapsed) + pressure;
                state.Effort = Decay(state.Effort, elapsed) + effort;
                state.UpdatedAt = at;
                var contribution = new Contribution(at, pressure, effort);
                state.Recent.Add(contribution);
                HoldEvidence(state, contribution, article);
                Touched.Add(scope);
            }
        }

        return true;
    }

    /// <summary>A scope's pressure, effort and risk at time <paramref name="at"/> (zeros for an unknown scope).</summary>
    public IndexReading ReadingAt(AlertScope scope, DateTimeOffset at)
    {
        if (!_scopes.TryGetValue(scope, out var state))
        {
            return default;
        }

        return ReadingOf(state.Pressure, state.Effort, at - state.UpdatedAt, _halfLifeSeconds);
    }

    /// <summary>
    /// The reading of a scope whose sums were <paramref name="pressure"/> and <paramref name="effort"/>, after
    /// <paramref name="elapsed"/> of decay with a half-life of <paramref name="halfLifeSeconds"/>: what
    /// <see cref="ReadingAt"/> gives, for a reader that holds the sums (the store's read model) instead of an index.
    /// </summary>
    public static IndexReading ReadingOf(double pressure, double effort, TimeSpan elapsed, double halfLifeSeconds)
    {
        var p = Decay(pressure, elapsed, halfLifeSeconds);
        var e = Decay(effort, elapsed, halfLifeSeconds);
        return new IndexReading(p, e, Combine(p, e));
    }

    /// <summary>The half-life, in seconds.</summary>
    public double HalfLifeSeconds => _halfLifeSeconds;

    /// <summary>The combined risk of a scope at time <paramref name="at"/> (0 for an unknown scope).</summary>
    public double ValueAt(AlertScope scope, DateTimeOffset at) => ReadingAt(scope, at).Risk;

    /// <summary>When a scope last received a contribution, or null for an unknown scope.</summary>
    public DateTimeOffset? UpdatedAt(AlertScope scope) => _scopes.TryGetValue(scope, out var state) ? state.UpdatedAt : null;

    /// <summary>
    /// A scope's readings at each of <paramref name="times"/>, rebuilt from the contributions it remembers (the
    /// decayed sums are linear in them), with its baseline then. Contributions are kept for
    /// <see cref="ContributionHalfLives"/> half-lives, so over the last four half-lives a point misses at most a
    /// sixteenth of any forgotten one; further back it undercounts.
    /// </summary>
    public IReadOnlyList<HistoryReading> History(AlertScope scope, IReadOnlyList<DateTimeOffset> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (!_scopes.TryGetValue(scope, out var state))
        {
            return [.. times.Select(_ => default(HistoryReading))];
        }

        return [.. times.Select(t =>
        {
            double pressure = 0, effort = 0;
            foreach (var c in state.Recent)
            {
                if (c.At <= t)
                {
                    pressure += Decay(c.Pressure, t - c.At);
                    effort += Decay(c.Effort, t - c.At);
                }
            }

            return new HistoryReading(pressure, effort, Combine(pressure, effort), BaselineAt(scope, t)?.Median);
        })];
    }

    /// <summary>Forgets ids older than the memory and contributions older than <see cref="ContributionHalfLives"/> half-lives.</summary>
    public void Prune(DateTimeOffset now)
    {
        var horizon = now - _memory;
        var contributionHorizon = now - TimeSpan.FromSeconds(Math.Min(_memory.TotalSeconds, _halfLifeSeconds * ContributionHalfLives));
        foreach (var (id, _) in _articles.Where(a => a.Value < horizon).ToList())
        {
            _articles.Remove(id);
        }

        foreach (var state in _scopes.Values)
        {
            foreach (var (story, _) in state.Stories.Where(s => s.Value < horizon).ToList())
            {
                state.Stories.Remove(story);
            }

            state.Recent.RemoveAll(c => c.At < contributionHorizon);
            state.Evidence.RemoveAll(h => h.Contribution.At < contributionHorizon);
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

    private static bool IsState(string code) => code.Length == 3 && code.All(char.IsAsciiLetterUpper);

    private double Decay(double value, TimeSpan elapsed) => Decay(value, elapsed, _halfLifeSeconds);

    private static double Decay(double value, TimeSpan elapsed, double halfLifeSeconds) =>
        elapsed <= TimeSpan.Zero ? value : value * Math.Pow(2, -elapsed.TotalSeconds / halfLifeSeconds);

    private sealed class ScopeState(DateTimeOffset firstSeen)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public double Pressure { get; set; }

        public double Effort { get; set; }

        public DateTimeOffset UpdatedAt { get; set; } = firstSeen;

        public Dictionary<string, DateTimeOffset> Stories { get; } = new(StringComparer.Ordinal);

        public List<Contribution> Recent { get; } = [];

        /// <summary>The contributions of <see cref="Recent"/> that keep their article (at most <see cref="EvidenceHeld"/>).</summary>
        public List<Held> Evidence { get; } = [];

        /// <summary>The hour boundary of <see cref="Hourly"/>'s first sample.</summary>
        public DateTimeOffset? HourlyFrom { get; set; }

        /// <summary>Pressure at consecutive hour boundaries, the last 7 days at most.</summary>
        public List<double> Hourly { get; } = [];
    }

    /// <summary>An article's points in a scope at a time (a value: millions are held without an object each).</summary>
    private readonly record struct Contribution(DateTimeOffset At, double Pressure, double Effort);

    /// <summary>A contribution among those that weigh most in its scope, with its scored article for evidence.</summary>
    private sealed record Held(Contribution Contribution, ArticleScored Article);
}

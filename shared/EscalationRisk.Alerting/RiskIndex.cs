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
public sealed class RiskIndex
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

    private readonly double halfLifeSeconds;
    private readonly TimeSpan memory;
    private readonly Dictionary<AlertScope, ScopeState> scopes = [];
    private readonly Dictionary<string, DateTimeOffset> articles = new(StringComparer.Ordinal);

    // A scope's baseline only changes at hour boundaries (the samples are those of past boundaries), so each is worked
    // out once an hour, not at every evaluation.
    private readonly Dictionary<AlertScope, (DateTimeOffset Hour, Baseline? Baseline)> baselines = [];

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

    /// <summary>When the index first counted an article: the start of every scope's watched hours.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>How many article ids the index remembers (those within its memory).</summary>
    public int ArticlesHeld => articles.Count;

    /// <summary>The scopes that have received a contribution.</summary>
    public IEnumerable<AlertScope> Scopes => scopes.Keys;

    /// <summary>
    /// The scopes that received a contribution since the engine last cleared this set (after each evaluation): the
    /// only ones whose values rose.
    /// </summary>
    public HashSet<AlertScope> Touched { get; } = [];

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

    /// <summary>The index as data.</summary>
    public IndexSnapshot Export() => new(
        TimeSpan.FromSeconds(halfLifeSeconds),
        memory,
        scopes.OrderBy(kv => kv.Key.Kind).ThenBy(kv => kv.Key.Key, StringComparer.Ordinal).Select(kv => new ScopeSnapshot(
            kv.Key, kv.Value.UpdatedAt,
            kv.Value.Stories.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SeenId(s.Key, s.Value)).ToList(),
            kv.Value.Recent.Select(c => new ContributionSnapshot(c.At, c.Pressure, c.Effort, c.Article)).ToList(),
            kv.Value.Pressure, kv.Value.Effort, FirstSeen: kv.Value.FirstSeen, HourlyFrom: kv.Value.HourlyFrom, Hourly: [.. kv.Value.Hourly])).ToList(),
        articles.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new SeenId(a.Key, a.Value)).ToList(),
        Since);

    /// <summary>
    /// An index restored from <see cref="Export"/>. A snapshot of the previous release (one signed sum per scope)
    /// is migrated: each scope's pressure and effort are rebuilt from the contributions it kept (the articles are
    /// there, so each is weighed as today), and its baseline starts from its restored pressure.
    /// </summary>
    public static RiskIndex Import(IndexSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var index = new RiskIndex(snapshot.HalfLife, snapshot.Memory);
        foreach (var seen in snapshot.Articles)
        {
            index.articles[seen.Id] = seen.At;
        }

        index.Since = snapshot.Since ?? (snapshot.Articles.Count > 0 ? snapshot.Articles.Min(a => a.At) : null);
        foreach (var scope in snapshot.Scopes)
        {
            var legacy = scope.Sum is not null;
            var state = new ScopeState(scope.FirstSeen ?? scope.Stories.Select(s => s.At).DefaultIfEmpty(scope.UpdatedAt).Min())
            {
                UpdatedAt = scope.UpdatedAt,
                Pressure = scope.Pressure,
                Effort = scope.Effort,
            };
            foreach (var story in scope.Stories)
            {
                state.Stories[story.Id] = story.At;
            }

            foreach (var c in scope.Recent)
            {
                var (pressure, effort) = legacy && c.Article is not null ? PointsOf(c.Article) : (c.Pressure, c.Effort);
                var contribution = new Contribution(null, c.At, pressure, effort);
                state.Recent.Add(contribution);
                if (c.Article is not null)
                {
                    // A snapshot of an earlier release kept every article: only those that weigh most stay.
                    index.HoldEvidence(state, contribution, c.Article);
                }
            }

            if (legacy)
            {
                state.Pressure = state.Recent.Sum(c => index.Decay(c.Pressure, scope.UpdatedAt - c.At));
                state.Effort = state.Recent.Sum(c => index.Decay(c.Effort, scope.UpdatedAt - c.At));
            }

            if (scope.HourlyFrom is { } from && scope.Hourly is { } hourly)
            {
                state.HourlyFrom = from;
                state.Hourly.AddRange(hourly);
            }

            index.scopes[scope.Scope] = state;
        }

        return index;
    }

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

        Since ??= at;
        var (pressure, effort) = PointsOf(article);
        foreach (var scope in ScopesOf(article))
        {
            if (!scopes.TryGetValue(scope, out var state))
            {
                state = new ScopeState(at);
                scopes[scope] = state;
            }

            if (state.Stories.TryAdd(article.StoryId, at))
            {
                Sample(state, at);
                var elapsed = at - state.UpdatedAt;
                state.Pressure = Decay(state.Pressure, elapsed) + pressure;
                state.Effort = Decay(state.Effort, elapsed) + effort;
                state.UpdatedAt = at;
                var contribution = new Contribution(null, at, pressure, effort);
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
        if (!scopes.TryGetValue(scope, out var state))
        {
            return default;
        }

        var pressure = Decay(state.Pressure, at - state.UpdatedAt);
        var effort = Decay(state.Effort, at - state.UpdatedAt);
        return new IndexReading(pressure, effort, Combine(pressure, effort));
    }

    /// <summary>The combined risk of a scope at time <paramref name="at"/> (0 for an unknown scope).</summary>
    public double ValueAt(AlertScope scope, DateTimeOffset at) => ReadingAt(scope, at).Risk;

    /// <summary>When a scope last received a contribution, or null for an unknown scope.</summary>
    public DateTimeOffset? UpdatedAt(AlertScope scope) => scopes.TryGetValue(scope, out var state) ? state.UpdatedAt : null;

    /// <summary>
    /// A scope's pressure baseline at <paramref name="at"/>: the median, and the robust spread (1.4826 × the median
    /// absolute deviation), of its pressure at each hour boundary the index watched over the last 7 days, zero for
    /// the hours before the scope's first article. A surge of a few hours barely moves a median of up to 168 hours.
    /// Null until the index has watched <see cref="MinBaselineHours"/> hours.
    /// </summary>
    public Baseline? BaselineAt(AlertScope scope, DateTimeOffset at)
    {
        var hour = HourFloor(at);
        if (baselines.TryGetValue(scope, out var cached) && cached.Hour == hour)
        {
            return cached.Baseline;
        }

        var baseline = ComputeBaseline(scope, at);
        if (Since is not null)
        {
            baselines[scope] = (hour, baseline);
        }

        return baseline;
    }

    private Baseline? ComputeBaseline(AlertScope scope, DateTimeOffset at)
    {
        var samples = HourlySamples(scope, at);
        if (samples is null)
        {
            return null;
        }

        var median = Median(samples);
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = Math.Abs(samples[i] - median);
        }

        return new Baseline(median, 1.4826 * Median(samples), samples.Length);
    }

    /// <summary>
    /// A scope's readings at each of <paramref name="times"/>, rebuilt from the contributions it remembers (the
    /// decayed sums are linear in them), with its baseline then. Contributions are kept for
    /// <see cref="ContributionHalfLives"/> half-lives, so over the last four half-lives a point misses at most a
    /// sixteenth of any forgotten one; further back it undercounts.
    /// </summary>
    public IReadOnlyList<HistoryReading> History(AlertScope scope, IReadOnlyList<DateTimeOffset> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        if (!scopes.TryGetValue(scope, out var state))
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

    /// <summary>The articles that weigh most in a scope now: decayed pressure contributions, largest first.</summary>
    public IReadOnlyList<ArticleScored> TopArticles(AlertScope scope, DateTimeOffset at, int count)
    {
        if (!scopes.TryGetValue(scope, out var state))
        {
            return [];
        }

        return state.Evidence
            .OrderByDescending(c => Decay(c.Pressure, at - c.At))
            .ThenBy(c => c.At)
            .ThenBy(c => c.Article!.ArticleId, StringComparer.Ordinal)
            .Take(count)
            .Select(c => c.Article!)
            .ToList();
    }

    /// <summary>Forgets ids older than the memory and contributions older than <see cref="ContributionHalfLives"/> half-lives.</summary>
    public void Prune(DateTimeOffset now)
    {
        var horizon = now - memory;
        var contributionHorizon = now - TimeSpan.FromSeconds(Math.Min(memory.TotalSeconds, halfLifeSeconds * ContributionHalfLives));
        foreach (var (id, _) in articles.Where(a => a.Value < horizon).ToList())
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
            state.Evidence.RemoveAll(c => c.At < contributionHorizon);
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

    private static DateTimeOffset HourFloor(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % Hour.Ticks), TimeSpan.Zero);

    private static DateTimeOffset HourCeiling(DateTimeOffset t) => t.UtcTicks % Hour.Ticks == 0 ? t.ToUniversalTime() : HourFloor(t) + Hour;

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    /// <summary>
    /// Records the scope's pressure at every hour boundary up to <paramref name="at"/> not yet recorded, before a
    /// contribution changes it (between contributions pressure only decays, so each boundary's value is exact).
    /// </summary>
    private void Sample(ScopeState state, DateTimeOffset at)
    {
        var next = state.HourlyFrom is { } from ? from + (Hour * state.Hourly.Count) : HourCeiling(state.FirstSeen);
        var earliest = HourCeiling(at - TimeSpan.FromHours(BaselineHours));
        if (next < earliest)
        {
            // Idle for longer than the window: nothing recorded so far is needed.
            state.Hourly.Clear();
            next = earliest;
        }

        if (state.Hourly.Count == 0)
        {
            state.HourlyFrom = next;
        }

        for (var boundary = next; boundary <= at; boundary += Hour)
        {
            state.Hourly.Add(boundary >= state.UpdatedAt ? Decay(state.Pressure, boundary - state.UpdatedAt) : PressureFromContributions(state, boundary));
        }

        var excess = state.Hourly.Count - BaselineHours;
        if (excess > 0)
        {
            state.Hourly.RemoveRange(0, excess);
            state.HourlyFrom += Hour * excess;
        }
    }

    /// <summary>The scope's pressure at each watched hour boundary of the 7 days before <paramref name="at"/>, or null when too few.</summary>
    private double[]? HourlySamples(AlertScope scope, DateTimeOffset at)
    {
        if (Since is not { } since)
        {
            return null;
        }

        var first = HourCeiling(since > at - TimeSpan.FromHours(BaselineHours) ? since : at - TimeSpan.FromHours(BaselineHours));
        var last = HourFloor(at);
        var count = (int)((last - first).Ticks / Hour.Ticks) + 1;
        if (count < MinBaselineHours)
        {
            return null;
        }

        var samples = new double[count];
        if (!scopes.TryGetValue(scope, out var state))
        {
            return samples;
        }

        for (var i = 0; i < count; i++)
        {
            var boundary = first + (Hour * i);
            if (boundary < state.FirstSeen)
            {
                continue;
            }

            var recorded = state.HourlyFrom is { } from ? (int)((boundary - from).Ticks / Hour.Ticks) : -1;
            samples[i] = recorded >= 0 && recorded < state.Hourly.Count
                ? state.Hourly[recorded]
                : boundary >= state.UpdatedAt ? Decay(state.Pressure, boundary - state.UpdatedAt) : PressureFromContributions(state, boundary);
        }

        return samples;
    }

    /// <summary>A boundary before the recorded samples (a migrated scope): rebuilt from the contributions kept.</summary>
    private double PressureFromContributions(ScopeState state, DateTimeOffset at) =>
        state.Recent.Where(c => c.At <= at).Sum(c => Decay(c.Pressure, at - c.At));

    /// <summary>
    /// Lets <paramref name="contribution"/> keep its article when it is among the <see cref="EvidenceHeld"/> that
    /// weigh most in the scope; the one it displaces lets its article go.
    /// </summary>
    private void HoldEvidence(ScopeState state, Contribution contribution, ArticleScored article)
    {
        if (contribution.Pressure <= 0)
        {
            return;
        }

        if (state.Evidence.Count < EvidenceHeld)
        {
            contribution.Article = article;
            state.Evidence.Add(contribution);
            return;
        }

        // The weakest by weight, then the oldest, then the id: the same choice whatever the list's order (a restored
        // index holds them in another order than the one that wrote the snapshot).
        var weakest = 0;
        for (var i = 1; i < state.Evidence.Count; i++)
        {
            if (Weaker(state.Evidence[i], state.Evidence[weakest]))
            {
                weakest = i;
            }
        }

        if (EvidenceKey(contribution) > EvidenceKey(state.Evidence[weakest]))
        {
            state.Evidence[weakest].Article = null;
            contribution.Article = article;
            state.Evidence[weakest] = contribution;
        }
    }

    private bool Weaker(Contribution a, Contribution b)
    {
        var (ka, kb) = (EvidenceKey(a), EvidenceKey(b));
        return ka != kb ? ka < kb : a.At != b.At ? a.At < b.At : string.CompareOrdinal(a.Article!.ArticleId, b.Article!.ArticleId) < 0;
    }

    /// <summary>The logarithm of a contribution's decayed pressure, up to a constant the same for all at any time.</summary>
    private double EvidenceKey(Contribution c) => Math.Log(c.Pressure) + (c.At.UtcTicks / TimeSpan.TicksPerSecond / halfLifeSeconds * Math.Log(2));

    private double Decay(double value, TimeSpan elapsed) =>
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
        public List<Contribution> Evidence { get; } = [];

        /// <summary>The hour boundary of <see cref="Hourly"/>'s first sample.</summary>
        public DateTimeOffset? HourlyFrom { get; set; }

        /// <summary>Pressure at consecutive hour boundaries, the last 7 days at most.</summary>
        public List<double> Hourly { get; } = [];
    }

    private sealed class Contribution(ArticleScored? article, DateTimeOffset at, double pressure, double effort)
    {
        /// <summary>The scored article, while the contribution is among those held for evidence.</summary>
        public ArticleScored? Article { get; set; } = article;

        public DateTimeOffset At { get; } = at;

        public double Pressure { get; } = pressure;

        public double Effort { get; } = effort;
    }
}

/// <summary>A scope's two indices and their combination at one time.</summary>
/// <param name="Pressure">Escalation pressure: decayed, severity-weighted escalation.</param>
/// <param name="Effort">De-escalation effort: decayed, severity-weighted de-escalation.</param>
/// <param name="Risk">The combined risk, <c>P² / (P + E)</c>.</param>
public readonly record struct IndexReading(double Pressure, double Effort, double Risk);

/// <summary>A point of a scope's history: its readings and its baseline then (null while unknown).</summary>
public readonly record struct HistoryReading(double Pressure, double Effort, double Risk, double? Baseline);

/// <summary>A scope's pressure baseline: the median of its hourly pressure, the robust spread, and over how many hours.</summary>
public sealed record Baseline(double Median, double Spread, int Hours);

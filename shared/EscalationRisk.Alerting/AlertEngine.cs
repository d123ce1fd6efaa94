using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Evaluates threshold rules over a <see cref="RiskIndex"/> and decides what to send, with the lifecycle monitoring
/// systems expect: pending (the value holds, <c>for</c> not yet over), firing (sent, then again every repeat
/// interval), resolved (sent once, only for an episode whose firing was sent). The <c>alertId</c> is a fingerprint of
/// rule and scope, the same for every message of every episode, so subscribers can deduplicate. Silences mute
/// notifications, not state: a firing alert whose silence expires is sent at the next evaluation. Time comes from
/// the <see cref="TimeProvider"/>: nothing here sleeps.
/// </summary>
public sealed partial class AlertEngine
{
    /// <summary>How many articles an alert's evidence lists.</summary>
    public const int EvidenceCount = 5;

    private readonly RiskIndex _index;
    private readonly TimeProvider _clock;
    private readonly Dictionary<(string Rule, AlertScope Scope), Episode> _episodes = [];
    private readonly List<Silence> _silences = [];
    private readonly Dictionary<(string Rule, string ArticleId), ArticleEpisode> _articleEpisodes = [];
    private IReadOnlyList<AlertRule> _rules = [];
    private IReadOnlyList<ArticleRule> _articleRules = [];
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    // Article alerts are many (one per article reporting an attack, open for the rule's resolve-after): an evaluation
    // visits only those due to resolve (by deadline) and those not sent yet, never all of them. After a rule change
    // or a restore it visits all once and rebuilds both.
    private readonly SortedSet<ArticleDue> _articleDeadlines = new(ArticleDue.Order);
    private readonly List<(string Rule, string ArticleId)> _articlesUnsent = [];
    private bool _visitAllArticles = true;
    private long _articleChanges;

    // Between two evaluations a scope's value only decays unless an article counts in it, so a scope with no open
    // episode that was below every threshold stays below, and an open episode changes only when its value crosses a
    // threshold (a time worked out from the decay), its 'for' or repeat interval runs out, or its silence ends: an
    // evaluation visits the scopes counted in since the last one and the episodes due by then, and every scope after
    // a rule or silence change, a restore, or into a new hour (when the baselines of the surge rules move).
    private bool _visitAllScopes = true;
    private DateTimeOffset _visitedHour = DateTimeOffset.MinValue;

    /// <summary>How often <see cref="Evaluate"/> forgets what is older than the index's memory.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    /// <summary>Creates an engine over an index with a clock and initial rule sets.</summary>
    public AlertEngine(RiskIndex index, TimeProvider clock, IEnumerable<AlertRule> initialRules, IEnumerable<ArticleRule>? initialArticleRules = null)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        SetRules(initialRules, initialArticleRules ?? []);
    }

    /// <summary>
    /// A digest of the open episodes (their rules, scopes, phases, times and what was sent): equal before and after
    /// an evaluation that changed none of them. A store journals an evaluation only when it changed something.
    /// </summary>
    public long EpisodeDigest()
    {
        long digest = (_episodes.Count * 1_000_003L) + _articleEpisodes.Count;
        foreach (var (key, e) in _episodes)
        {
            digest ^= HashCode.Combine(key.Rule, key.Scope, e.Phase, e.Since, e.StartsAt, e.Sent, e.LastSent) * 0x9E3779B1L;
        }

        // Article episodes only change where the engine counts it (opened, sent, ended).
        return digest ^ (_articleChanges * 0x85EBCA77L);
    }

    /// <summary>Replaces the silences with <paramref name="list"/> (a journal's replay).</summary>
    public void ReplaceSilences(IEnumerable<Silence> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        _silences.Clear();
        _silences.AddRange(list);
        _visitAllScopes = true;
    }

    /// <summary>
    /// Takes in a scored article at the clock's time: counts it in the index and opens the alerts of the article
    /// rules it matches (sent by the next <see cref="Evaluate"/>). Returns false for an article id already counted.
    /// </summary>
    public bool Observe(ArticleScored article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var now = _clock.GetUtcNow();
        if (!_index.Add(article, now))
        {
            return false;
        }

        Recorder?.Observed(article);

        foreach (var rule in _articleRules)
        {
            var matching = rule.Matching(article);
            if (matching.Count > 0)
            {
                // The alert shows the matching signals and the article's id, title, link, risk and time: the episode
                // keeps only those (an hour of article alerts would otherwise hold every scored article whole).
                var shown = article with { Signals = [], Actors = [], Dyads = [], ThirdParties = null, Reason = null };
                if (_articleEpisodes.TryAdd((rule.Name, article.ArticleId), new ArticleEpisode(rule, shown, matching, now)))
                {
                    _articleDeadlines.Add(new ArticleDue(now + rule.ResolveAfter, now, article.ArticleId, rule.Name));
                    _articlesUnsent.Add((rule.Name, article.ArticleId));
                    _articleChanges++;
                    Recorder?.EpisodeChanged(rule.Name, new AlertScope(ScopeKind.Article, article.ArticleId));
                }
            }
        }

        return true;
    }

    /// <summary>The rules in force.</summary>
    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>The silences not yet expired.</summary>
    public IReadOnlyList<Silence> Silences
    {
        get
        {
            var now = _clock.GetUtcNow();
            _silences.RemoveAll(s => s.Until <= now);
            return [.. _silences];
        }
    }

    /// <summary>
    /// Replaces the rule set at run time. Invalid rules are refused as a whole with every reason. Episodes of rules
    /// that no longer exist end: a firing one is resolved at the next evaluation.
    /// </summary>
    public void SetRules(IEnumerable<AlertRule> newRules, IEnumerable<ArticleRule>? newArticleRules = null)
    {
        ArgumentNullException.ThrowIfNull(newRules);
        var list = newRules.ToList();
        var articleList = newArticleRules?.ToList() ?? [.. _articleRules];
        var problems = list.SelectMany(r => r.Problems()).Concat(articleList.SelectMany(r => r.Problems())).ToList();
        problems.AddRange(list.Select(r => r.Name).Concat(articleList.Select(r => r.Name))
            .GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"rule '{g.Key}' is defined more than once"));
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(newRules));
        }

        _rules = list;
        _articleRules = articleList;
        _visitAllArticles = true;
        _visitAllScopes = true;
        Recorder?.RulesChanged(_rules, _articleRules);
    }

    /// <summary>
    /// Adds a silence and returns it with its id: the one it has, or a fingerprint of what it silences and until
    /// when (so adding the same silence twice keeps one). Refused with every reason when invalid.
    /// </summary>
    public Silence AddSilence(Silence silence)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var problems = silence.Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(silence));
        }

        var id = silence.Id ?? "si-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\u001f', silence.Kind.ToString(), silence.Key, silence.Until.UtcTicks.ToString(CultureInfo.InvariantCulture)))).AsSpan(0, 8));
        var added = silence with { Id = id };
        _silences.RemoveAll(s => s.Id == id);
        _silences.Add(added);
        _visitAllScopes = true;
        Recorder?.SilencesChanged([.. _silences]);
        return added;
    }

    /// <summary>Removes a silence by id; false when there is none with that id.</summary>
    public bool RemoveSilence(string id)
    {
        var removed = _silences.RemoveAll(s => string.Equals(s.Id, id, StringComparison.Ordinal)) > 0;
        _visitAllScopes |= removed;
        if (removed)
        {
            Recorder?.SilencesChanged([.. _silences]);
        }

        return removed;
    }

    /// <summary>The current indices of every scope the engine has seen, highest combined risk first.</summary>
    public IReadOnlyList<ScopeValue> Values()
    {
        var now = _clock.GetUtcNow();
        return InOrder(_index.Scopes.Select(scope => ValueOf(scope, _index.ReadingAt(scope, now), _index.UpdatedAt(scope)!.Value, _index.BaselineAt(scope, now))));
    }

    /// <summary>A scope's readings and baseline at each of the times given (see <see cref="RiskIndex.History"/>).</summary>
    public IReadOnlyList<HistoryReading> History(AlertScope scope, IReadOnlyList<DateTimeOffset> times) => _index.History(scope, times);

    /// <summary>
    /// The alerts open now: every pending or firing episode of an index rule and every article alert not yet
    /// resolved, with the value now.
    /// </summary>
    public IReadOnlyList<OpenAlert> Open()
    {
        var now = _clock.GetUtcNow();
        return InOrder(_episodes.Select(e => OpenAlertOf(e.Key.Rule, e.Key.Scope, e.Value, now))
            .Concat(_articleEpisodes.Select(e => OpenAlertOf(e.Key.Rule, e.Key.ArticleId, e.Value, now))));
    }

    /// <summary>The state of one rule's alert about one scope: inactive, pending or firing.</summary>
    public AlertPhase PhaseOf(string rule, AlertScope scope) =>
        _episodes.TryGetValue((rule, scope), out var episode) ? episode.Phase : AlertPhase.Inactive;

    /// <summary>The stable id of a rule's alert about a scope.</summary>
    public static string Fingerprint(string rule, AlertScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var text = string.Join('\u001f', rule, scope.Kind.ToString(), scope.Key);
        return "al-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }
}

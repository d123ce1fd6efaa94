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
public sealed class AlertEngine
{
    /// <summary>How many articles an alert's evidence lists.</summary>
    public const int EvidenceCount = 5;

    private readonly RiskIndex index;
    private readonly TimeProvider clock;
    private readonly Dictionary<(string Rule, AlertScope Scope), Episode> episodes = [];
    private readonly List<Silence> silences = [];
    private readonly Dictionary<(string Rule, string ArticleId), ArticleEpisode> articleEpisodes = [];
    private IReadOnlyList<AlertRule> rules = [];
    private IReadOnlyList<ArticleRule> articleRules = [];
    private DateTimeOffset lastPrune = DateTimeOffset.MinValue;

    // Article alerts are many (one per article reporting an attack, open for the rule's resolve-after): an evaluation
    // visits only those due to resolve (by deadline) and those not sent yet, never all of them. After a rule change
    // or a restore it visits all once and rebuilds both.
    private readonly SortedSet<ArticleDue> articleDeadlines = new(ArticleDue.Order);
    private readonly List<(string Rule, string ArticleId)> articlesUnsent = [];
    private bool visitAllArticles = true;
    private long articleChanges;

    // Between two evaluations a scope's value only decays unless an article counts in it, so a scope with no open
    // episode that was below every threshold stays below, and an open episode changes only when its value crosses a
    // threshold (a time worked out from the decay), its 'for' or repeat interval runs out, or its silence ends: an
    // evaluation visits the scopes counted in since the last one and the episodes due by then, and every scope after
    // a rule or silence change, a restore, or into a new hour (when the baselines of the surge rules move).
    private bool visitAllScopes = true;
    private DateTimeOffset visitedHour = DateTimeOffset.MinValue;

    /// <summary>How often <see cref="Evaluate"/> forgets what is older than the index's memory.</summary>
    public static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    /// <summary>Creates an engine over an index with a clock and initial rule sets.</summary>
    public AlertEngine(RiskIndex index, TimeProvider clock, IEnumerable<AlertRule> initialRules, IEnumerable<ArticleRule>? initialArticleRules = null)
    {
        this.index = index ?? throw new ArgumentNullException(nameof(index));
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        SetRules(initialRules, initialArticleRules ?? []);
    }

    /// <summary>Everything the engine knows, as data, for a store; in a canonical order, so equal engines export equal JSON.</summary>
    public EngineSnapshot Export() => new(
        rules,
        articleRules,
        Silences,
        index.Export(),
        episodes.OrderBy(e => e.Key.Rule, StringComparer.Ordinal).ThenBy(e => e.Key.Scope.Kind).ThenBy(e => e.Key.Scope.Key, StringComparer.Ordinal)
            .Select(e => new EpisodeSnapshot(e.Key.Rule, e.Key.Scope, e.Value.Phase, e.Value.Since, e.Value.StartsAt, e.Value.Sent, e.Value.LastSent)).ToList(),
        articleEpisodes.OrderBy(e => e.Key.Rule, StringComparer.Ordinal).ThenBy(e => e.Key.ArticleId, StringComparer.Ordinal)
            .Select(e => new ArticleEpisodeSnapshot(e.Key.Rule, e.Value.Article, e.Value.Matching, e.Value.StartsAt, e.Value.Sent)).ToList());

    /// <summary>An engine restored from <see cref="Export"/>; episodes of rules no longer in it are dropped.</summary>
    public static AlertEngine Restore(EngineSnapshot snapshot, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var engine = new AlertEngine(RiskIndex.Import(snapshot.Index), clock, snapshot.Rules, snapshot.ArticleRules);
        foreach (var silence in snapshot.Silences)
        {
            engine.AddSilence(silence);
        }

        var byName = snapshot.Rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var e in snapshot.Episodes.Where(e => byName.ContainsKey(e.Rule)))
        {
            engine.episodes[(e.Rule, e.Scope)] = new Episode(byName[e.Rule], e.Since)
            {
                Phase = e.Phase,
                StartsAt = e.StartsAt,
                Sent = e.Sent,
                LastSent = e.LastSent,
            };
        }

        var articleByName = snapshot.ArticleRules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var e in snapshot.ArticleEpisodes.Where(e => articleByName.ContainsKey(e.Rule)))
        {
            engine.articleEpisodes[(e.Rule, e.Article.ArticleId)] = new ArticleEpisode(articleByName[e.Rule], e.Article, e.Matching, e.StartsAt) { Sent = e.Sent };
        }

        return engine;
    }

    /// <summary>Visits every scope at every evaluation, as before the shortcut (for the test that compares both).</summary>
    internal bool VisitEveryScope { get; set; }

    /// <summary>The article rules in force.</summary>
    public IReadOnlyList<ArticleRule> ArticleRules => articleRules;

    /// <summary>How many articles the index holds (counted within its memory).</summary>
    public int ArticlesHeld => index.ArticlesHeld;

    /// <summary>
    /// Told of every change that does not follow from time alone (an article counted, the rules or the silences
    /// changed), so a store can journal them and replay them in order; null when nobody listens.
    /// </summary>
    public IEngineRecorder? Recorder { get; set; }

    /// <summary>
    /// A digest of the open episodes (their rules, scopes, phases, times and what was sent): equal before and after
    /// an evaluation that changed none of them. A store journals an evaluation only when it changed something.
    /// </summary>
    public long EpisodeDigest()
    {
        long digest = (episodes.Count * 1_000_003L) + articleEpisodes.Count;
        foreach (var (key, e) in episodes)
        {
            digest ^= HashCode.Combine(key.Rule, key.Scope, e.Phase, e.Since, e.StartsAt, e.Sent, e.LastSent) * 0x9E3779B1L;
        }

        // Article episodes only change where the engine counts it (opened, sent, ended).
        return digest ^ (articleChanges * 0x85EBCA77L);
    }

    /// <summary>Replaces the silences with <paramref name="list"/> (a journal's replay).</summary>
    public void ReplaceSilences(IEnumerable<Silence> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        silences.Clear();
        silences.AddRange(list);
        visitAllScopes = true;
    }

    /// <summary>
    /// Takes in a scored article at the clock's time: counts it in the index and opens the alerts of the article
    /// rules it matches (sent by the next <see cref="Evaluate"/>). Returns false for an article id already counted.
    /// </summary>
    public bool Observe(ArticleScored article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var now = clock.GetUtcNow();
        if (!index.Add(article, now))
        {
            return false;
        }

        Recorder?.Observed(article);

        foreach (var rule in articleRules)
        {
            var matching = rule.Matching(article);
            if (matching.Count > 0)
            {
                if (articleEpisodes.TryAdd((rule.Name, article.ArticleId), new ArticleEpisode(rule, article, matching, now)))
                {
                    articleDeadlines.Add(new ArticleDue(now + rule.ResolveAfter, now, article.ArticleId, rule.Name));
                    articlesUnsent.Add((rule.Name, article.ArticleId));
                    articleChanges++;
                }
            }
        }

        return true;
    }

    /// <summary>The rules in force.</summary>
    public IReadOnlyList<AlertRule> Rules => rules;

    /// <summary>The silences not yet expired.</summary>
    public IReadOnlyList<Silence> Silences
    {
        get
        {
            var now = clock.GetUtcNow();
            silences.RemoveAll(s => s.Until <= now);
            return [.. silences];
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
        var articleList = newArticleRules?.ToList() ?? [.. articleRules];
        var problems = list.SelectMany(r => r.Problems()).Concat(articleList.SelectMany(r => r.Problems())).ToList();
        problems.AddRange(list.Select(r => r.Name).Concat(articleList.Select(r => r.Name))
            .GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"rule '{g.Key}' is defined more than once"));
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(newRules));
        }

        rules = list;
        articleRules = articleList;
        visitAllArticles = true;
        visitAllScopes = true;
        Recorder?.RulesChanged(rules, articleRules);
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
        silences.RemoveAll(s => s.Id == id);
        silences.Add(added);
        visitAllScopes = true;
        Recorder?.SilencesChanged([.. silences]);
        return added;
    }

    /// <summary>Removes a silence by id; false when there is none with that id.</summary>
    public bool RemoveSilence(string id)
    {
        var removed = silences.RemoveAll(s => string.Equals(s.Id, id, StringComparison.Ordinal)) > 0;
        visitAllScopes |= removed;
        if (removed)
        {
            Recorder?.SilencesChanged([.. silences]);
        }

        return removed;
    }

    /// <summary>The current indices of every scope the engine has seen, highest combined risk first.</summary>
    public IReadOnlyList<ScopeValue> Values()
    {
        var now = clock.GetUtcNow();
        return [.. index.Scopes
            .Select(scope =>
            {
                var reading = index.ReadingAt(scope, now);
                return new ScopeValue(scope, Round(reading.Risk), index.UpdatedAt(scope)!.Value, Round(reading.Pressure), Round(reading.Effort),
                    index.BaselineAt(scope, now)?.Median is { } baseline ? Round(baseline) : null);
            })
            .OrderByDescending(v => v.Value).ThenBy(v => v.Scope.Kind).ThenBy(v => v.Scope.Key, StringComparer.Ordinal)];
    }

    /// <summary>A scope's readings and baseline at each of the times given (see <see cref="RiskIndex.History"/>).</summary>
    public IReadOnlyList<HistoryReading> History(AlertScope scope, IReadOnlyList<DateTimeOffset> times) => index.History(scope, times);

    /// <summary>
    /// The alerts open now: every pending or firing episode of an index rule and every article alert not yet
    /// resolved, with the value now.
    /// </summary>
    public IReadOnlyList<OpenAlert> Open()
    {
        var now = clock.GetUtcNow();
        var open = episodes.Select(e => new OpenAlert(
            Fingerprint(e.Key.Rule, e.Key.Scope), e.Key.Rule, e.Key.Scope, e.Value.Phase, e.Value.Rule.Severity,
            Round(RuleValue(e.Value.Rule, e.Key.Scope, now) ?? 0), e.Value.Rule.Threshold,
            e.Value.Phase == AlertPhase.Firing ? e.Value.StartsAt : e.Value.Since,
            silences.Any(s => s.Covers(e.Key.Scope, now))));
        var articles = articleEpisodes.Select(e =>
        {
            var scope = new AlertScope(ScopeKind.Article, e.Key.ArticleId);
            return new OpenAlert(
                Fingerprint(e.Key.Rule, scope), e.Key.Rule, scope, AlertPhase.Firing, e.Value.Rule.Severity, e.Value.Matching[0].Confidence,
                e.Value.Rule.MinConfidence, e.Value.StartsAt, silences.Any(s => s.Covers(scope, now)));
        });
        return [.. open.Concat(articles).OrderBy(a => a.Since).ThenBy(a => a.AlertId, StringComparer.Ordinal)];
    }

    /// <summary>The state of one rule's alert about one scope: inactive, pending or firing.</summary>
    public AlertPhase PhaseOf(string rule, AlertScope scope) =>
        episodes.TryGetValue((rule, scope), out var episode) ? episode.Phase : AlertPhase.Inactive;

    /// <summary>Evaluates every rule against every scope now, and returns the alerts to send, in a stable order.</summary>
    public IReadOnlyList<EscalationAlert> Evaluate()
    {
        var now = clock.GetUtcNow();

        // Ids and contributions older than the index's memory go, at most once a minute, so state stays bounded.
        if (now - lastPrune >= PruneEvery)
        {
            index.Prune(now);
            lastPrune = now;
        }

        var output = new List<EscalationAlert>();
        var active = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);

        // Episodes of removed rules end.
        foreach (var key in episodes.Keys.Where(k => !active.ContainsKey(k.Rule)).ToList())
        {
            var episode = episodes[key];
            if (episode.Phase == AlertPhase.Firing && episode.Sent)
            {
                output.Add(Build(episode.Rule, key.Scope, episode, AlertStatus.Resolved, RuleValue(episode.Rule, key.Scope, now) ?? 0, now, "rule removed"));
            }

            episodes.Remove(key);
        }

        EvaluateArticles(now, output);
        var hour = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        var visitAll = visitAllScopes || hour != visitedHour || VisitEveryScope;
        visitAllScopes = false;
        visitedHour = hour;
        var withEpisodes = new Dictionary<string, List<AlertScope>>(StringComparer.Ordinal);
        if (!visitAll)
        {
            foreach (var ((rule, scope), episode) in episodes)
            {
                if (episode.DueAt > now)
                {
                    continue;
                }

                if (!withEpisodes.TryGetValue(rule, out var list))
                {
                    withEpisodes[rule] = list = [];
                }

                list.Add(scope);
            }
        }

        foreach (var rule in rules)
        {
            List<AlertScope> scopes;
            if (visitAll)
            {
                scopes = [.. index.Scopes.Where(rule.Matches)];
            }
            else
            {
                scopes = withEpisodes.GetValueOrDefault(rule.Name) ?? [];
                foreach (var scope in index.Touched)
                {
                    if (rule.Matches(scope) && !(episodes.TryGetValue((rule.Name, scope), out var open) && open.DueAt <= now))
                    {
                        scopes.Add(scope);
                    }
                }
            }

            scopes.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var scope in scopes)
            {
                var key = (rule.Name, scope);
                episodes.TryGetValue(key, out var episode);

                // A surge rule cannot judge a scope before the index has a baseline for it: nothing changes then.
                if (RuleValue(rule, scope, now) is not { } value)
                {
                    continue;
                }

                var silenced = silences.Any(s => s.Covers(scope, now));

                if (episode is null)
                {
                    if (value >= rule.Threshold)
                    {
                        episode = new Episode(rule, now);
                        episodes[key] = episode;
                    }
                    else
                    {
                        continue;
                    }
                }

                episode.Rule = rule;
                if (episode.Phase == AlertPhase.Pending)
                {
                    if (value < rule.Threshold)
                    {
                        episodes.Remove(key);
                        continue;
                    }

                    if (now - episode.Since >= rule.For)
                    {
                        episode.Phase = AlertPhase.Firing;
                        episode.StartsAt = now;
                    }
                }

                if (episode.Phase != AlertPhase.Firing)
                {
                    continue;
                }

                if (value < rule.ClearThreshold)
                {
                    if (episode.Sent)
                    {
                        output.Add(Build(rule, scope, episode, AlertStatus.Resolved, value, now, null));
                    }

                    episodes.Remove(key);
                    continue;
                }

                if (!silenced && (!episode.Sent || now - episode.LastSent >= rule.RepeatInterval))
                {
                    episode.Sent = true;
                    episode.LastSent = now;
                    output.Add(Build(rule, scope, episode, AlertStatus.Firing, value, now, null));
                }
            }

            foreach (var scope in scopes)
            {
                if (episodes.TryGetValue((rule.Name, scope), out var episode))
                {
                    episode.DueAt = DueAt(rule, scope, episode, now, hour + TimeSpan.FromHours(1));
                }
            }
        }

        index.Touched.Clear();
        return output;
    }

    /// <summary>
    /// The earliest time an open episode may change with no new article in its scope: its value crossing the
    /// threshold that ends it (pending) or resolves it (firing), its 'for' running out, its repeat falling due, or
    /// the silences over it ending; at most <paramref name="limit"/> (the next hour, when every scope is visited).
    /// </summary>
    private DateTimeOffset DueAt(AlertRule rule, AlertScope scope, Episode episode, DateTimeOffset now, DateTimeOffset limit)
    {
        static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
        if (episode.Phase == AlertPhase.Pending)
        {
            return Min(Min(limit, episode.Since + rule.For), Crossing(rule, scope, rule.Threshold, now, limit));
        }

        var due = Crossing(rule, scope, rule.ClearThreshold, now, limit);
        var covering = silences.Where(s => s.Covers(scope, now)).Select(s => s.Until).ToList();
        if (covering.Count > 0)
        {
            return Min(due, covering.Min());
        }

        return episode.Sent ? Min(due, episode.LastSent + rule.RepeatInterval) : now;
    }

    /// <summary>
    /// A time at or before the one when the rule's value in the scope first falls below <paramref name="level"/>
    /// (it only decays until an article counts in the scope), to a second; <paramref name="limit"/> when it stays
    /// at or above the level until then.
    /// </summary>
    private DateTimeOffset Crossing(AlertRule rule, AlertScope scope, double level, DateTimeOffset now, DateTimeOffset limit)
    {
        bool Above(DateTimeOffset t) => RuleValue(rule, scope, t) is not { } v || v >= level;
        var last = limit - TimeSpan.FromTicks(1);
        if (!Above(now) || last <= now)
        {
            return now;
        }

        if (Above(last))
        {
            return limit;
        }

        var (low, high) = (now, last);
        while (high - low > TimeSpan.FromSeconds(1))
        {
            var middle = low + ((high - low) / 2);
            (low, high) = Above(middle) ? (middle, high) : (low, middle);
        }

        return low;
    }

    /// <summary>
    /// Sends the article alerts not sent yet (unless silenced) and resolves those past their rule's resolve-after (or
    /// whose rule is gone), in the order they started. Visits only those due and those unsent.
    /// </summary>
    private void EvaluateArticles(DateTimeOffset now, List<EscalationAlert> output)
    {
        var active = articleRules.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var visitAll = visitAllArticles;
        var visit = new List<((string Rule, string ArticleId) Key, ArticleEpisode Episode)>();
        if (visitAll)
        {
            visit.AddRange(articleEpisodes.Select(e => (e.Key, e.Value)));
            articleDeadlines.Clear();
            visitAllArticles = false;
        }
        else
        {
            var seen = new HashSet<(string, string)>();
            while (articleDeadlines.Count > 0 && articleDeadlines.Min.Deadline <= now)
            {
                var due = articleDeadlines.Min;
                articleDeadlines.Remove(due);
                if (articleEpisodes.TryGetValue((due.Rule, due.ArticleId), out var episode) && seen.Add((due.Rule, due.ArticleId)))
                {
                    visit.Add(((due.Rule, due.ArticleId), episode));
                }
            }

            foreach (var key in articlesUnsent)
            {
                if (articleEpisodes.TryGetValue(key, out var episode) && seen.Add(key))
                {
                    visit.Add((key, episode));
                }
            }
        }

        articlesUnsent.Clear();
        visit.Sort((a, b) =>
        {
            var order = a.Episode.StartsAt.CompareTo(b.Episode.StartsAt);
            order = order != 0 ? order : string.CompareOrdinal(a.Key.ArticleId, b.Key.ArticleId);
            return order != 0 ? order : string.CompareOrdinal(a.Key.Rule, b.Key.Rule);
        });
        foreach (var (key, episode) in visit)
        {
            var scope = new AlertScope(ScopeKind.Article, key.ArticleId);
            var over = now - episode.StartsAt >= episode.Rule.ResolveAfter || !active.Contains(key.Rule);
            if (over)
            {
                if (episode.Sent)
                {
                    output.Add(BuildArticle(episode, scope, AlertStatus.Resolved, now));
                }

                articleEpisodes.Remove(key);
                articleChanges++;
                continue;
            }

            if (!episode.Sent && !silences.Any(s => s.Covers(scope, now)))
            {
                episode.Sent = true;
                articleChanges++;
                output.Add(BuildArticle(episode, scope, AlertStatus.Firing, now));
            }

            if (!episode.Sent)
            {
                articlesUnsent.Add(key);
            }

            if (visitAll)
            {
                articleDeadlines.Add(new ArticleDue(episode.StartsAt + episode.Rule.ResolveAfter, episode.StartsAt, key.ArticleId, key.Rule));
            }
        }
    }

    /// <summary>When an article alert is due to resolve, ordered by that time, then as the alerts are sent.</summary>
    private readonly record struct ArticleDue(DateTimeOffset Deadline, DateTimeOffset StartsAt, string ArticleId, string Rule)
    {
        public static readonly IComparer<ArticleDue> Order = Comparer<ArticleDue>.Create((a, b) =>
        {
            var order = a.Deadline.CompareTo(b.Deadline);
            order = order != 0 ? order : a.StartsAt.CompareTo(b.StartsAt);
            order = order != 0 ? order : string.CompareOrdinal(a.ArticleId, b.ArticleId);
            return order != 0 ? order : string.CompareOrdinal(a.Rule, b.Rule);
        });
    }

    private static EscalationAlert BuildArticle(ArticleEpisode episode, AlertScope scope, AlertStatus status, DateTimeOffset now)
    {
        var rule = episode.Rule;
        var article = episode.Article;
        var strongest = episode.Matching[0];
        var summary = status == AlertStatus.Firing
            ? string.Create(CultureInfo.InvariantCulture, $"{rule.Severity}: article {article.ArticleId} reports {strongest.Category.ToString().ToLowerInvariant()} ({strongest.Confidence:0.00}): \"{strongest.Text}\" ({rule.Name})")
            : string.Create(CultureInfo.InvariantCulture, $"resolved: article {article.ArticleId} alert ended after {rule.ResolveAfter} ({rule.Name})");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rule"] = rule.Name,
            ["severity"] = rule.Severity,
            ["scopeKind"] = "article",
            ["scopeKey"] = article.ArticleId,
        };
        return new EscalationAlert(
            Fingerprint(rule.Name, scope), rule.Name, scope, status, rule.Severity, strongest.Confidence, rule.MinConfidence,
            episode.StartsAt, status == AlertStatus.Resolved ? now : null, summary,
            [new AlertEvidence(article.ArticleId, article.Title, article.Url, article.Risk, article.PublishedAt, episode.Matching)],
            labels);
    }

    /// <summary>The stable id of a rule's alert about a scope.</summary>
    public static string Fingerprint(string rule, AlertScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var text = string.Join('\u001f', rule, scope.Kind.ToString(), scope.Key);
        return "al-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    private double? RuleValue(AlertRule rule, AlertScope scope, DateTimeOffset now) =>
        rule.ValueOf(index.ReadingAt(scope, now), rule.Surge is null ? null : index.BaselineAt(scope, now));

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private EscalationAlert Build(AlertRule rule, AlertScope scope, Episode episode, AlertStatus status, double value, DateTimeOffset now, string? why)
    {
        var evidence = index.TopArticles(scope, now, EvidenceCount)
            .Select(a => new AlertEvidence(a.ArticleId, a.Title, a.Url, a.Risk, a.PublishedAt, a.Signals))
            .ToList();
        var rounded = Round(value);
        var reading = index.ReadingAt(scope, now);
        var baseline = index.BaselineAt(scope, now)?.Median;
        var kind = scope.Kind.ToString().ToLowerInvariant();
        var measure = rule.Surge is { } surge
            ? string.Create(CultureInfo.InvariantCulture, $"escalation pressure {Round(reading.Pressure)} against a baseline of {Round(baseline ?? 0)}: surge value {rounded} ({surge.By})")
            : string.Create(CultureInfo.InvariantCulture, $"risk index {rounded} (pressure {Round(reading.Pressure)}, effort {Round(reading.Effort)})");
        var summary = status == AlertStatus.Firing
            ? string.Create(CultureInfo.InvariantCulture, $"{rule.Severity}: {kind} {scope.Key} {measure} at or above {rule.Threshold} ({rule.Name})")
            : string.Create(CultureInfo.InvariantCulture, $"resolved: {kind} {scope.Key} {measure} {(why ?? $"below {rule.ClearThreshold}")} ({rule.Name})");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["rule"] = rule.Name,
            ["severity"] = rule.Severity,
            ["scopeKind"] = scope.Kind.ToString().ToLowerInvariant(),
            ["scopeKey"] = scope.Key,
        };
        return new EscalationAlert(
            Fingerprint(rule.Name, scope), rule.Name, scope, status, rule.Severity, rounded, rule.Threshold,
            episode.StartsAt, status == AlertStatus.Resolved ? now : null, summary, evidence, labels,
            Round(reading.Pressure), Round(reading.Effort), baseline is { } b ? Round(b) : null);
    }

    private sealed class ArticleEpisode(ArticleRule rule, ArticleScored article, IReadOnlyList<Signal> matching, DateTimeOffset startsAt)
    {
        public ArticleRule Rule { get; } = rule;

        public ArticleScored Article { get; } = article;

        public IReadOnlyList<Signal> Matching { get; } = matching;

        public DateTimeOffset StartsAt { get; } = startsAt;

        public bool Sent { get; set; }
    }

    private sealed class Episode(AlertRule rule, DateTimeOffset since)
    {
        /// <summary>When the episode must be evaluated again at the latest (see <see cref="DueAt(AlertRule, AlertScope, Episode, DateTimeOffset, DateTimeOffset)"/>).</summary>
        public DateTimeOffset DueAt { get; set; } = DateTimeOffset.MinValue;

        public AlertRule Rule { get; set; } = rule;

        public AlertPhase Phase { get; set; } = AlertPhase.Pending;

        public DateTimeOffset Since { get; } = since;

        public DateTimeOffset StartsAt { get; set; } = since;

        public bool Sent { get; set; }

        public DateTimeOffset LastSent { get; set; }
    }
}

/// <summary>What an <see cref="AlertEngine"/> tells of the changes that do not follow from time alone.</summary>
public interface IEngineRecorder
{
    /// <summary>An article was counted.</summary>
    void Observed(ArticleScored article);

    /// <summary>The rules were replaced by these.</summary>
    void RulesChanged(IReadOnlyList<AlertRule> rules, IReadOnlyList<ArticleRule> articleRules);

    /// <summary>The silences are now these.</summary>
    void SilencesChanged(IReadOnlyList<Silence> silences);
}

/// <summary>A scope's indices now: the combined risk, when it last received a contribution, pressure, effort and the pressure baseline (null while unknown).</summary>
public sealed record ScopeValue(AlertScope Scope, double Value, DateTimeOffset UpdatedAt, double Pressure, double Effort, double? Baseline);

/// <summary>An alert open now (pending or firing), as <see cref="AlertEngine.Open"/> lists it.</summary>
public sealed record OpenAlert(
    string AlertId, string Rule, AlertScope Scope, AlertPhase Phase, string Severity, double Value, double Threshold, DateTimeOffset Since, bool Silenced);

/// <summary>Where a rule's alert about a scope is in its lifecycle.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<AlertPhase>))]
public enum AlertPhase
{
    /// <summary>Below the threshold (or resolved).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("inactive")]
    Inactive,

    /// <summary>At or above the threshold, <c>for</c> not yet over.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Firing.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("firing")]
    Firing,
}

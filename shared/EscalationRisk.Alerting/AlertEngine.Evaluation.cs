using System.Globalization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Evaluating the index rules: which scopes to visit, when an open episode is due again, and the alerts built.</summary>
public sealed partial class AlertEngine
{
    /// <summary>Evaluates every rule against every scope now, and returns the alerts to send, in a stable order.</summary>
    public IReadOnlyList<EscalationAlert> Evaluate()
    {
        var now = _clock.GetUtcNow();

        // Ids and contributions older than the index's memory go, at most once a minute, so state stays bounded.
        if (now - _lastPrune >= PruneEvery)
        {
            _index.Prune(now);
            _lastPrune = now;
        }

        var output = new List<EscalationAlert>();
        var active = _rules.ToDictionary(r => r.Name, StringComparer.Ordinal);

        // Episodes of removed rules end.
        foreach (var key in _episodes.Keys.Where(k => !active.ContainsKey(k.Rule)).ToList())
        {
            var episode = _episodes[key];
            if (episode.Phase == AlertPhase.Firing && episode.Sent)
            {
                output.Add(Build(episode.Rule, key.Scope, episode, AlertStatus.Resolved, RuleValue(episode.Rule, key.Scope, now) ?? 0, now, "rule removed"));
            }

            _episodes.Remove(key);
            Recorder?.EpisodeChanged(key.Rule, key.Scope);
        }

        EvaluateArticles(now, output);
        var hour = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        var visitAll = _visitAllScopes || hour != _visitedHour || VisitEveryScope;
        _visitAllScopes = false;
        _visitedHour = hour;
        var withEpisodes = new Dictionary<string, List<AlertScope>>(StringComparer.Ordinal);
        if (!visitAll)
        {
            foreach (var ((rule, scope), episode) in _episodes)
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

        foreach (var rule in _rules)
        {
            List<AlertScope> scopes;
            if (visitAll)
            {
                scopes = [.. _index.Scopes.Where(rule.Matches)];
            }
            else
            {
                scopes = withEpisodes.GetValueOrDefault(rule.Name) ?? [];
                foreach (var scope in _index.Touched)
                {
                    if (rule.Matches(scope) && !(_episodes.TryGetValue((rule.Name, scope), out var open) && open.DueAt <= now))
                    {
                        scopes.Add(scope);
                    }
                }
            }

            scopes.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var scope in scopes)
            {
                var key = (rule.Name, scope);
                _episodes.TryGetValue(key, out var episode);

                // A surge rule cannot judge a scope before the index has a baseline for it: nothing changes then.
                if (RuleValue(rule, scope, now) is not { } value)
                {
                    continue;
                }

                var silenced = _silences.Any(s => s.Covers(scope, now));

                if (episode is null)
                {
                    if (value >= rule.Threshold)
                    {
                        episode = new Episode(rule, now);
                        _episodes[key] = episode;
                        Recorder?.EpisodeChanged(rule.Name, scope);
                    }
                    else
                    {
                        continue;
                    }
                }

                if (!ReferenceEquals(episode.Rule, rule))
                {
                    // A rule replaced: the alert shows its new severity and threshold.
                    episode.Rule = rule;
                    Recorder?.EpisodeChanged(rule.Name, scope);
                }

                if (episode.Phase == AlertPhase.Pending)
                {
                    if (value < rule.Threshold)
                    {
                        _episodes.Remove(key);
                        Recorder?.EpisodeChanged(rule.Name, scope);
                        continue;
                    }

                    if (now - episode.Since >= rule.For)
                    {
                        episode.Phase = AlertPhase.Firing;
                        episode.StartsAt = now;
                        Recorder?.EpisodeChanged(rule.Name, scope);
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

                    _episodes.Remove(key);
                    Recorder?.EpisodeChanged(rule.Name, scope);
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
                if (_episodes.TryGetValue((rule.Name, scope), out var episode))
                {
                    episode.DueAt = DueAt(rule, scope, episode, now, hour + TimeSpan.FromHours(1));
                }
            }
        }

        _index.Touched.Clear();
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
        var covering = _silences.Where(s => s.Covers(scope, now)).Select(s => s.Until).ToList();
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

    private double? RuleValue(AlertRule rule, AlertScope scope, DateTimeOffset now) =>
        rule.ValueOf(_index.ReadingAt(scope, now), rule.Surge is null ? null : _index.BaselineAt(scope, now));

    internal static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private EscalationAlert Build(AlertRule rule, AlertScope scope, Episode episode, AlertStatus status, double value, DateTimeOffset now, string? why)
    {
        var evidence = _index.TopArticles(scope, now, EvidenceCount)
            .Select(a => new AlertEvidence(a.ArticleId, a.Title, a.Url, a.Risk, a.PublishedAt, a.Signals))
            .ToList();
        var rounded = Round(value);
        var reading = _index.ReadingAt(scope, now);
        var baseline = _index.BaselineAt(scope, now)?.Median;
        var kind = WireNames.Of(scope.Kind);
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
            ["scopeKind"] = kind,
            ["scopeKey"] = scope.Key,
        };
        return new EscalationAlert(
            Fingerprint(rule.Name, scope), rule.Name, scope, status, rule.Severity, rounded, rule.Threshold,
            episode.StartsAt, status == AlertStatus.Resolved ? now : null, summary, evidence, labels,
            Round(reading.Pressure), Round(reading.Effort), baseline is { } b ? Round(b) : null);
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

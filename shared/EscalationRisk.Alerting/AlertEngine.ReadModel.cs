using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// What the store's read model takes from the engine (the sums of the scopes a step touched, the alerts that changed)
/// and the builders it shares with <see cref="Values"/> and <see cref="Open"/>, so an answer read from SQL is made
/// exactly as the engine makes its own.
/// </summary>
public sealed partial class AlertEngine
{
    /// <summary>The index's half-life in seconds (what a reader of the sums decays them with).</summary>
    internal double HalfLifeSeconds => _index.HalfLifeSeconds;

    /// <summary>Every scope the index has seen.</summary>
    internal IEnumerable<AlertScope> Scopes => _index.Scopes;

    /// <summary>A scope's value as <see cref="Values"/> lists it, from its reading and baseline.</summary>
    internal static ScopeValue ValueOf(AlertScope scope, IndexReading reading, DateTimeOffset updatedAt, Baseline? baseline) =>
        new(scope, Round(reading.Risk), updatedAt, Round(reading.Pressure), Round(reading.Effort), baseline?.Median is { } median ? Round(median) : null);

    /// <summary>The order <see cref="Values"/> lists scopes in: highest risk first, then by kind and key.</summary>
    internal static IReadOnlyList<ScopeValue> InOrder(IEnumerable<ScopeValue> values) =>
        [.. values.OrderByDescending(v => v.Value).ThenBy(v => v.Scope.Kind).ThenBy(v => v.Scope.Key, StringComparer.Ordinal)];

    /// <summary>The order <see cref="Open"/> lists alerts in: oldest first, then by id.</summary>
    internal static IReadOnlyList<OpenAlert> InOrder(IEnumerable<OpenAlert> alerts) =>
        [.. alerts.OrderBy(a => a.Since).ThenBy(a => a.AlertId, StringComparer.Ordinal)];

    /// <summary>The value an open alert of an index rule shows, from its scope's reading and baseline.</summary>
    internal static double AlertValue(AlertRule rule, IndexReading reading, Baseline? baseline) =>
        Round(rule.ValueOf(reading, rule.Surge is null ? null : baseline) ?? 0);

    /// <summary>
    /// A scope's sums as they were at its last contribution (undecayed) and its baseline at <paramref name="at"/>,
    /// read without changing the index.
    /// </summary>
    internal ScopeRow ScopeRowAt(AlertScope scope, DateTimeOffset at)
    {
        var updated = _index.UpdatedAt(scope) ?? at;
        var sums = _index.ReadingAt(scope, updated);
        return new ScopeRow(scope, sums.Pressure, sums.Effort, updated, _index.PeekBaselineAt(scope, at), at);
    }

    /// <summary>A rule's alert about a scope (an article for an article rule) as <see cref="Open"/> lists it; null when none is open.</summary>
    internal OpenAlert? OpenOf(string rule, AlertScope scope, DateTimeOffset now)
    {
        if (scope.Kind == ScopeKind.Article)
        {
            return _articleEpisodes.TryGetValue((rule, scope.Key), out var article) ? OpenAlertOf(rule, scope.Key, article, now) : null;
        }

        if (!_episodes.TryGetValue((rule, scope), out var episode))
        {
            return null;
        }

        // The value is left at zero: a reader works it out from the scope's sums then (and the baseline is not asked
        // for here, which would keep it in the index's cache where a replaying reader's has none).
        return new OpenAlert(Fingerprint(rule, scope), rule, scope, episode.Phase, episode.Rule.Severity, 0, episode.Rule.Threshold,
            episode.Phase == AlertPhase.Firing ? episode.StartsAt : episode.Since, _silences.Any(s => s.Covers(scope, now)));
    }

    private OpenAlert OpenAlertOf(string rule, AlertScope scope, Episode episode, DateTimeOffset now) => new(
        Fingerprint(rule, scope), rule, scope, episode.Phase, episode.Rule.Severity,
        AlertValue(episode.Rule, _index.ReadingAt(scope, now), episode.Rule.Surge is null ? null : _index.BaselineAt(scope, now)), episode.Rule.Threshold,
        episode.Phase == AlertPhase.Firing ? episode.StartsAt : episode.Since, _silences.Any(s => s.Covers(scope, now)));

    private OpenAlert OpenAlertOf(string rule, string articleId, ArticleEpisode episode, DateTimeOffset now)
    {
        var scope = new AlertScope(ScopeKind.Article, articleId);
        return new OpenAlert(
            Fingerprint(rule, scope), rule, scope, AlertPhase.Firing, episode.Rule.Severity, episode.Matching[0].Confidence,
            episode.Rule.MinConfidence, episode.StartsAt, _silences.Any(s => s.Covers(scope, now)));
    }
}

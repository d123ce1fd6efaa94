namespace EscalationRisk.Alerting;

/// <summary>The engine as data: export and restore.</summary>
public sealed partial class AlertEngine
{
    /// <summary>Everything the engine knows, as data, for a store; in a canonical order, so equal engines export equal JSON.</summary>
    public EngineSnapshot Export() => new(
        _rules,
        _articleRules,
        Silences,
        _index.Export(),
        _episodes.OrderBy(e => e.Key.Rule, StringComparer.Ordinal).ThenBy(e => e.Key.Scope.Kind).ThenBy(e => e.Key.Scope.Key, StringComparer.Ordinal)
            .Select(e => new EpisodeSnapshot(e.Key.Rule, e.Key.Scope, e.Value.Phase, e.Value.Since, e.Value.StartsAt, e.Value.Sent, e.Value.LastSent)).ToList(),
        _articleEpisodes.OrderBy(e => e.Key.Rule, StringComparer.Ordinal).ThenBy(e => e.Key.ArticleId, StringComparer.Ordinal)
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
            engine._episodes[(e.Rule, e.Scope)] = new Episode(byName[e.Rule], e.Since)
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
            engine._articleEpisodes[(e.Rule, e.Article.ArticleId)] = new ArticleEpisode(articleByName[e.Rule], e.Article, e.Matching, e.StartsAt) { Sent = e.Sent };
        }

        return engine;
    }

    /// <summary>Visits every scope at every evaluation, as before the shortcut (for the test that compares both).</summary>
    internal bool VisitEveryScope { get; set; }

    /// <summary>The article rules in force.</summary>
    public IReadOnlyList<ArticleRule> ArticleRules => _articleRules;

    /// <summary>How many articles the index holds (counted within its memory).</summary>
    public int ArticlesHeld => _index.ArticlesHeld;

    /// <summary>
    /// Told of every change that does not follow from time alone (an article counted, the rules or the silences
    /// changed), so a store can journal them and replay them in order; null when nobody listens.
    /// </summary>
    public IEngineRecorder? Recorder { get; set; }
}

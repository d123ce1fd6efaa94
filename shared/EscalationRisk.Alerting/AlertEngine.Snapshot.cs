using System.Text.Json;

namespace EscalationRisk.Alerting;

/// <summary>The engine as data: export (as records, or written as JSON straight from the engine) and restore.</summary>
public sealed partial class AlertEngine
{
    private static readonly JsonEncodedText RulesName = SnapshotWriter.Name(nameof(EngineSnapshot.Rules));
    private static readonly JsonEncodedText ArticleRulesName = SnapshotWriter.Name(nameof(EngineSnapshot.ArticleRules));
    private static readonly JsonEncodedText SilencesName = SnapshotWriter.Name(nameof(EngineSnapshot.Silences));
    private static readonly JsonEncodedText IndexName = SnapshotWriter.Name(nameof(EngineSnapshot.Index));
    private static readonly JsonEncodedText EpisodesName = SnapshotWriter.Name(nameof(EngineSnapshot.Episodes));
    private static readonly JsonEncodedText ArticleEpisodesName = SnapshotWriter.Name(nameof(EngineSnapshot.ArticleEpisodes));

    /// <summary>Everything the engine knows, as data, for a store; in a canonical order, so equal engines export equal JSON.</summary>
    public EngineSnapshot Export() => new(
        _rules,
        _articleRules,
        Silences,
        _index.Export(),
        EpisodeSnapshots(),
        [.. ArticleEpisodeKeys().Select(ArticleEpisodeSnapshot)]);

    /// <summary>The scope rules' open episodes, in the snapshot's order.</summary>
    private List<EpisodeSnapshot> EpisodeSnapshots() =>
        _episodes.OrderBy(e => e.Key.Rule, StringComparer.Ordinal).ThenBy(e => e.Key.Scope.Kind).ThenBy(e => e.Key.Scope.Key, StringComparer.Ordinal)
            .Select(e => new EpisodeSnapshot(e.Key.Rule, e.Key.Scope, e.Value.Phase, e.Value.Since, e.Value.StartsAt, e.Value.Sent, e.Value.LastSent)).ToList();

    /// <summary>The article rules' open episodes' keys, in the snapshot's order (by rule, then article).</summary>
    private (string Rule, string ArticleId)[] ArticleEpisodeKeys()
    {
        var keys = _articleEpisodes.Keys.ToArray();
        Array.Sort(keys, (a, b) => string.CompareOrdinal(a.Rule, b.Rule) is var byRule and not 0 ? byRule : string.CompareOrdinal(a.ArticleId, b.ArticleId));
        return keys;
    }

    private ArticleEpisodeSnapshot ArticleEpisodeSnapshot((string Rule, string ArticleId) key)
    {
        var e = _articleEpisodes[key];
        return new ArticleEpisodeSnapshot(key.Rule, e.Article, e.Matching, e.StartsAt, e.Sent);
    }

    /// <summary>
    /// What <see cref="Export"/> gives, as JSON (byte for byte that of <see cref="EngineSnapshot.ToJson"/>), written
    /// straight from the engine into a temporary file read back in parts of at most <paramref name="partBytes"/>: a
    /// checkpoint without a second copy of the engine in memory, nor of its JSON. The engine must not change
    /// meanwhile (a store writes it under its lock, then hands the file to the store in the background).
    /// </summary>
    public SpooledParts SpoolCheckpoint(int partBytes = SpooledParts.DefaultPartBytes) => SpooledParts.SpoolJson(WriteSnapshot, partBytes);

    private void WriteSnapshot(SnapshotWriter writer)
    {
        var json = writer.Json;
        json.WriteStartObject();
        writer.Value(RulesName, _rules);
        writer.Value(ArticleRulesName, _articleRules);
        writer.Value(SilencesName, Silences);
        json.WritePropertyName(IndexName);
        _index.WriteSnapshot(writer);
        writer.Value(EpisodesName, EpisodeSnapshots());

        // Article alerts are many (hundreds of thousands on a busy day): their keys are sorted, and each written alone.
        json.WriteStartArray(ArticleEpisodesName);
        foreach (var key in ArticleEpisodeKeys())
        {
            writer.Value(ArticleEpisodeSnapshot(key));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

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

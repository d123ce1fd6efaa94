using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// One step of the alert engine, as the store journals it: at <see cref="At"/>, the changes that do not follow from
/// time alone (articles counted, the rules or silences as they became), then an evaluation. Replaying the steps after
/// a checkpoint, in order and each at its time, rebuilds the engine the writer had: the same index, the same episodes,
/// nothing decided twice.
/// </summary>
public sealed record JournalEntry(
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ArticleScored>? Observed = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<AlertRule>? Rules = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ArticleRule>? ArticleRules = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Silence>? Silences = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? ObservedIds = null)
{
    private static readonly JsonSerializerOptions Json = new(ContractJson.Options) { WriteIndented = false };

    /// <summary>The entry as the store keeps it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The entry as a store keeps it beside its articles read model: when every article it observed has its row in
    /// <paramref name="inRows"/> (written in the same transaction, with the same contract JSON), the entry names them
    /// by id (<see cref="ObservedIds"/>) instead of holding them again, and a reader takes them from the rows (see
    /// <see cref="WithObserved"/>); otherwise (an article whose id has a row from an earlier count) it holds them whole.
    /// </summary>
    public string ToStoredJson(IReadOnlySet<ArticleScored> inRows)
    {
        ArgumentNullException.ThrowIfNull(inRows);
        return Observed is { Count: > 0 } observed && observed.All(inRows.Contains)
            ? (this with { Observed = null, ObservedIds = [.. observed.Select(a => a.ArticleId)] }).ToJson()
            : ToJson();
    }

    /// <summary>
    /// The entry with the articles it names by id put back in order from <paramref name="rows"/> (article id to its
    /// contract JSON); an entry that holds its articles is returned as it is.
    /// </summary>
    /// <exception cref="InvalidDataException">An article the entry names has no row: the store lost what it journaled.</exception>
    public JournalEntry WithObserved(IReadOnlyDictionary<string, string> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (ObservedIds is null)
        {
            return this;
        }

        var observed = new List<ArticleScored>(ObservedIds.Count);
        foreach (var id in ObservedIds)
        {
            if (!rows.TryGetValue(id, out var json))
            {
                throw new InvalidDataException($"the journal entry at {At:O} names article '{id}', which has no row in the articles read model");
            }

            observed.Add(JsonSerializer.Deserialize<ArticleScored>(json, Json) ?? throw new InvalidDataException($"article '{id}' has an empty row"));
        }

        return this with { Observed = observed, ObservedIds = null };
    }

    /// <summary>Reads an entry written by <see cref="ToJson"/>.</summary>
    public static JournalEntry FromJson(string json) =>
        JsonSerializer.Deserialize<JournalEntry>(json, Json) ?? throw new FormatException("empty journal entry");

    /// <summary>Applies the step to <paramref name="engine"/>, whose clock reads <see cref="At"/> (replay: what it decides was already sent).</summary>
    public void ReplayOn(AlertEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        foreach (var article in Observed ?? [])
        {
            engine.Observe(article);
        }

        if (Rules is not null)
        {
            engine.SetRules(Rules, ArticleRules ?? []);
        }

        if (Silences is not null)
        {
            engine.ReplaceSilences(Silences);
        }

        engine.Evaluate();
    }
}

/// <summary>
/// What a reader needs to bring an engine at <c>position</c> up to date: the checkpoint to start again from (when
/// the reader is new, or behind what was pruned), and the journal entries after it, oldest first.
/// </summary>
public sealed record JournalRead(long Revision, EngineSnapshot? Checkpoint, long CheckpointPosition, IReadOnlyList<(long Seq, JournalEntry Entry)> Entries)
{
    /// <summary>
    /// Whether a reader at <paramref name="position"/> starts again from the checkpoint: when it has read nothing yet,
    /// is ahead of the store (a store replaced), or is behind the checkpoint while the entries it needs were pruned.
    /// </summary>
    internal static bool StartsFromCheckpoint(long position, long revision, long checkpointPosition, long firstKept) =>
        checkpointPosition >= 0 && (position < 0 || position > revision || (position < checkpointPosition && firstKept > position + 1));

    /// <summary>
    /// Brings <paramref name="engine"/> (at <paramref name="position"/>) up to this read: from the engine restored from
    /// the checkpoint when the read starts there, then each entry replayed at its own time on <paramref name="clock"/>.
    /// Returns the engine, the position it reached, and whether it was restored from the checkpoint.
    /// </summary>
    internal (AlertEngine Engine, long Position, bool Restored) ReplayOnto(AlertEngine? engine, long position, StepClock clock)
    {
        var restored = Checkpoint is not null;
        if (Checkpoint is not null)
        {
            engine = AlertEngine.Restore(Checkpoint, clock);
            position = CheckpointPosition;
        }

        if (engine is null)
        {
            throw new InvalidOperationException("no engine to replay the journal onto: the store has no checkpoint");
        }

        foreach (var (seq, entry) in Entries)
        {
            clock.Now = entry.At;
            entry.ReplayOn(engine);
            position = seq;
        }

        return (engine, position, restored);
    }
}

/// <summary>Collects what an engine reports during one step.</summary>
internal sealed partial class StepRecorder : IEngineRecorder
{
    private readonly List<ArticleScored> _observed = [];
    private IReadOnlyList<AlertRule>? _rules;
    private IReadOnlyList<ArticleRule>? _articleRules;
    private IReadOnlyList<Silence>? _silences;

    public bool Any => _observed.Count > 0 || _rules is not null || _silences is not null;

    public void Observed(ArticleScored article) => _observed.Add(article);

    public void RulesChanged(IReadOnlyList<AlertRule> rules, IReadOnlyList<ArticleRule> articleRules)
    {
        _rules = rules;
        _articleRules = articleRules;
    }

    public void SilencesChanged(IReadOnlyList<Silence> silences) => _silences = silences;

    public JournalEntry Entry(DateTimeOffset at) => new(at, _observed.Count > 0 ? [.. _observed] : null, _rules, _rules is null ? null : _articleRules, _silences);

    public void Clear()
    {
        _observed.Clear();
        _rules = null;
        _articleRules = null;
        _silences = null;
    }
}

/// <summary>
/// A clock that reads what it is set to: the engine's in a store (the time of the step being applied or replayed, or
/// of the query being answered), and a replay's simulated one.
/// </summary>
public sealed class StepClock(DateTimeOffset start) : TimeProvider
{
    /// <summary>The time it reads.</summary>
    public DateTimeOffset Now { get; set; } = start;

    /// <inheritdoc />

    public override DateTimeOffset GetUtcNow() => Now;
}

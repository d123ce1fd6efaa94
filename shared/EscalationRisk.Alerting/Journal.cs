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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Silence>? Silences = null)
{
    private static readonly JsonSerializerOptions Json = new(ContractJson.Options) { WriteIndented = false };

    /// <summary>The entry as the store keeps it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The entry as the store keeps it (the same text as <see cref="ToJson()"/>), with each observed article written as
    /// <paramref name="articles"/> holds it: a store writes the same text into its read model, so each article is
    /// serialized once per commit, not once for the journal and again for the read model.
    /// </summary>
    public string ToJson(IReadOnlyDictionary<ArticleScored, string> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (Observed is not { Count: > 0 } observed)
        {
            return ToJson();
        }

        // The other members as the serializer writes them, with the articles put back where it writes them: right
        // after the time, {"at":"...", the first member (a test checks the text is the same as ToJson's).
        var rest = JsonSerializer.Serialize(this with { Observed = null }, Json);
        const string Lead = "{\"at\":\"";
        var afterTime = rest.StartsWith(Lead, StringComparison.Ordinal) ? rest.IndexOf('"', Lead.Length) + 1 : 0;
        if (afterTime <= 0)
        {
            return ToJson();
        }

        var text = new System.Text.StringBuilder(rest.Length + (observed.Count * 4096));
        text.Append(rest, 0, afterTime).Append(",\"observed\":[");
        for (var i = 0; i < observed.Count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(articles[observed[i]]);
        }

        return text.Append(']').Append(rest, afterTime, rest.Length - afterTime).ToString();
    }

    /// <summary>The contract JSON of every article the entries observed, keyed by the article object itself.</summary>
    public static IReadOnlyDictionary<ArticleScored, string> ObservedJson(IReadOnlyList<JournalEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var texts = new Dictionary<ArticleScored, string>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries)
        {
            foreach (var article in entry.Observed ?? [])
            {
                texts.TryAdd(article, JsonSerializer.Serialize(article, Json));
            }
        }

        return texts;
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

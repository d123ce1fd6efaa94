using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>The index as data: export (as records, or written as JSON straight from the index), and import with the migration of earlier snapshots.</summary>
public sealed partial class RiskIndex
{
    private static readonly JsonEncodedText HalfLifeName = SnapshotWriter.Name(nameof(IndexSnapshot.HalfLife));
    private static readonly JsonEncodedText MemoryName = SnapshotWriter.Name(nameof(IndexSnapshot.Memory));
    private static readonly JsonEncodedText ScopesName = SnapshotWriter.Name(nameof(IndexSnapshot.Scopes));
    private static readonly JsonEncodedText ArticlesName = SnapshotWriter.Name(nameof(IndexSnapshot.Articles));
    private static readonly JsonEncodedText SinceName = SnapshotWriter.Name(nameof(IndexSnapshot.Since));
    private static readonly JsonEncodedText ScopeName = SnapshotWriter.Name(nameof(ScopeSnapshot.Scope));
    private static readonly JsonEncodedText UpdatedAtName = SnapshotWriter.Name(nameof(ScopeSnapshot.UpdatedAt));
    private static readonly JsonEncodedText StoriesName = SnapshotWriter.Name(nameof(ScopeSnapshot.Stories));
    private static readonly JsonEncodedText RecentName = SnapshotWriter.Name(nameof(ScopeSnapshot.Recent));
    private static readonly JsonEncodedText PressureName = SnapshotWriter.Name(nameof(ScopeSnapshot.Pressure));
    private static readonly JsonEncodedText EffortName = SnapshotWriter.Name(nameof(ScopeSnapshot.Effort));
    private static readonly JsonEncodedText FirstSeenName = SnapshotWriter.Name(nameof(ScopeSnapshot.FirstSeen));
    private static readonly JsonEncodedText HourlyFromName = SnapshotWriter.Name(nameof(ScopeSnapshot.HourlyFrom));
    private static readonly JsonEncodedText HourlyName = SnapshotWriter.Name(nameof(ScopeSnapshot.Hourly));
    private static readonly JsonEncodedText EvidenceName = SnapshotWriter.Name(nameof(ScopeSnapshot.Evidence));
    private static readonly JsonEncodedText IdName = SnapshotWriter.Name(nameof(SeenId.Id));
    private static readonly JsonEncodedText AtName = SnapshotWriter.Name(nameof(SeenId.At));

    /// <summary>The index as data.</summary>
    public IndexSnapshot Export() => new(
        TimeSpan.FromSeconds(_halfLifeSeconds),
        _memory,
        [.. SortedScopes().Select(ScopeSnapshotOf)],
        SeenIds(_articles),
        Since);

    private ScopeSnapshot ScopeSnapshotOf(AlertScope scope)
    {
        var state = _scopes[scope];
        return new ScopeSnapshot(
            scope, state.UpdatedAt, SeenIds(state.Stories), [.. state.Recent.Select(c => new ContributionSnapshot(c.At, c.Pressure, c.Effort))],
            state.Pressure, state.Effort, FirstSeen: state.FirstSeen, HourlyFrom: state.HourlyFrom, Hourly: [.. state.Hourly],
            Evidence: EvidenceSnapshot(state));
    }

    private static List<SeenId> SeenIds(Dictionary<string, DateTimeOffset> seen) => [.. SortedIds(seen).Select(id => new SeenId(id, seen[id]))];

    /// <summary>The scopes in the snapshot's order (by kind, then key).</summary>
    private AlertScope[] SortedScopes()
    {
        var scopes = _scopes.Keys.ToArray();
        Array.Sort(scopes, (a, b) => a.Kind.CompareTo(b.Kind) is var byKind and not 0 ? byKind : string.CompareOrdinal(a.Key, b.Key));
        return scopes;
    }

    /// <summary>The ids of <paramref name="seen"/> in ordinal order.</summary>
    private static string[] SortedIds(Dictionary<string, DateTimeOffset> seen)
    {
        var ids = seen.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        return ids;
    }

    /// <summary>A scope's kept evidence in the snapshot's order (by time, then article), or null when it keeps none.</summary>
    private static List<ContributionSnapshot>? EvidenceSnapshot(ScopeState state) => state.Evidence.Count == 0 ? null : state.Evidence
        .OrderBy(h => h.Contribution.At).ThenBy(h => h.Article.ArticleId, StringComparer.Ordinal)
        .Select(h => new ContributionSnapshot(h.Contribution.At, h.Contribution.Pressure, h.Contribution.Effort, h.Article)).ToList();

    /// <summary>
    /// Writes what <see cref="Export"/> gives, as the JSON of <see cref="IndexSnapshot"/> (byte for byte), straight
    /// from the index: no copy of its ids and contributions is made, only each collection's keys are, one at a time,
    /// to sort them. The index must not change meanwhile.
    /// </summary>
    internal void WriteSnapshot(SnapshotWriter writer)
    {
        var json = writer.Json;
        json.WriteStartObject();
        writer.Value(HalfLifeName, TimeSpan.FromSeconds(_halfLifeSeconds));
        writer.Value(MemoryName, _memory);
        json.WriteStartArray(ScopesName);
        foreach (var scope in SortedScopes())
        {
            var state = _scopes[scope];
            json.WriteStartObject();
            writer.Value(ScopeName, scope);
            json.WriteString(UpdatedAtName, state.UpdatedAt);
            WriteSeen(writer, StoriesName, state.Stories);
            json.WriteStartArray(RecentName);
            foreach (var c in state.Recent)
            {
                json.WriteStartObject();
                json.WriteString(AtName, c.At);
                json.WriteNumber(PressureName, c.Pressure);
                json.WriteNumber(EffortName, c.Effort);
                json.WriteEndObject();
                writer.Pass();
            }

            json.WriteEndArray();
            json.WriteNumber(PressureName, state.Pressure);
            json.WriteNumber(EffortName, state.Effort);
            json.WriteString(FirstSeenName, state.FirstSeen);
            writer.Value(HourlyFromName, state.HourlyFrom);
            json.WriteStartArray(HourlyName);
            foreach (var sample in state.Hourly)
            {
                json.WriteNumberValue(sample);
            }

            json.WriteEndArray();
            if (EvidenceSnapshot(state) is { } evidence)
            {
                writer.Value(EvidenceName, evidence);
            }

            json.WriteEndObject();
            writer.Pass();
        }

        json.WriteEndArray();
        WriteSeen(writer, ArticlesName, _articles);
        writer.Value(SinceName, Since);
        json.WriteEndObject();
    }

    /// <summary>Ids with their times, as a list of <see cref="SeenId"/> in the order of the ids.</summary>
    private static void WriteSeen(SnapshotWriter writer, JsonEncodedText name, Dictionary<string, DateTimeOffset> seen)
    {
        var json = writer.Json;
        json.WriteStartArray(name);
        foreach (var id in SortedIds(seen))
        {
            json.WriteStartObject();
            json.WriteString(IdName, id);
            json.WriteString(AtName, seen[id]);
            json.WriteEndObject();
            writer.Pass();
        }

        json.WriteEndArray();
    }

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
            index._articles[seen.Id] = seen.At;
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
                var contribution = new Contribution(c.At, pressure, effort);
                state.Recent.Add(contribution);
                if (c.Article is not null)
                {
                    // A snapshot of an earlier release kept every article: only those that weigh most stay.
                    index.HoldEvidence(state, contribution, c.Article);
                }
            }

            foreach (var held in scope.Evidence ?? [])
            {
                state.Evidence.Add(new Held(new Contribution(held.At, held.Pressure, held.Effort), held.Article
                    ?? throw new FormatException($"scope {scope.Scope.Key}: an evidence contribution without its article")));
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

            index._scopes[scope.Scope] = state;
        }

        return index;
    }
}

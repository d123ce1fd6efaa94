using System.Data.Common;
using EscalationRisk.Contracts;
using static EscalationRisk.Alerting.ArticleRows;

namespace EscalationRisk.Alerting;

/// <summary>
/// The answers an Api replica reads from the read model (see <see cref="ReadModelRows"/>), with no engine: each
/// value is worked out as the engine works out its own (<see cref="RiskIndex.ReadingOf"/> decays a scope's sums to
/// the time asked), so a reader at the writer's time answers what the writer's engine would. Given by
/// <see cref="IAlertStore.ReadModel{T}"/>, inside one read transaction.
/// </summary>
public sealed class ReadModelReader
{
    private const string ScopeColumns = "kind, scope_key, pressure, effort, updated_at, baseline_median, baseline_spread, baseline_hours";
    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private Settings? _settings;

    internal ReadModelReader(DbConnection connection, DbTransaction? transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Each scope's value at <paramref name="now"/>, as <see cref="AlertEngine.Values"/> lists them.</summary>
    public IReadOnlyList<ScopeValue> Values(DateTimeOffset now)
    {
        var halfLife = Read().HalfLife;
        using var command = Command(_connection, _transaction, $"SELECT {ScopeColumns} FROM risk_scope");
        using var reader = command.ExecuteReader();
        var values = new List<ScopeValue>();
        while (reader.Read())
        {
            var (scope, pressure, effort, updated, baseline) = ScopeOf(reader, 0);
            values.Add(AlertEngine.ValueOf(scope, RiskIndex.ReadingOf(pressure, effort, now - updated, halfLife), updated, baseline));
        }

        return AlertEngine.InOrder(values);
    }

    /// <summary>
    /// A scope's readings and baseline at each of <paramref name="times"/>, as <see cref="AlertEngine.History"/> gives
    /// them: the latest sample written at or before each time, decayed to it. Exact at every time but one inside a
    /// minute in which the scope changed again later (that minute's earlier changes are then missed); the baseline is
    /// the one of that sample's hour (the writer's first commit in each hour writes every scope's).
    /// </summary>
    public IReadOnlyList<HistoryReading> History(AlertScope scope, IReadOnlyList<DateTimeOffset> times)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(times);
        if (times.Count == 0)
        {
            return [];
        }

        var halfLife = Read().HalfLife;
        var (first, last) = (ReadModelRows.MinuteOf(times.Min()), ReadModelRows.MinuteOf(times.Max()));
        var samples = new List<(long WrittenAt, double Pressure, double Effort, long UpdatedAt, double? Baseline)>();
        foreach (var sql in new[]
        {
            "SELECT written_at, pressure, effort, updated_at, baseline FROM risk_sample WHERE scope = @s AND minute < @first ORDER BY minute DESC LIMIT 1",
            "SELECT written_at, pressure, effort, updated_at, baseline FROM risk_sample WHERE scope = @s AND minute >= @first AND minute <= @last ORDER BY minute",
        })
        {
            using var command = Command(_connection, _transaction, sql);
            Add(command, "s", ScopeName(scope));
            Add(command, "first", first);
            Add(command, "last", last);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                samples.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetDouble(4)));
            }
        }

        // The scope's row holds its sums since its last contribution, whose sample may have been pruned.
        using var row = Command(_connection, _transaction, "SELECT pressure, effort, updated_at FROM risk_scope WHERE scope = @s");
        Add(row, "s", ScopeName(scope));
        (double Pressure, double Effort, long UpdatedAt)? current = null;
        using (var reader = row.ExecuteReader())
        {
            if (reader.Read())
            {
                current = (reader.GetDouble(0), reader.GetDouble(1), reader.GetInt64(2));
            }
        }

        var writtenAt = samples.Select(s => s.WrittenAt).ToList();
        return [.. times.Select(t =>
        {
            var at = writtenAt.BinarySearch(t.UtcTicks);
            var i = at >= 0 ? at : ~at - 1;
            while (i + 1 < writtenAt.Count && writtenAt[i + 1] <= t.UtcTicks)
            {
                i++;
            }

            var sample = i >= 0 ? samples[i] : default;
            var (pressure, effort, updated) = (sample.Pressure, sample.Effort, sample.UpdatedAt);
            if (current is { } c && c.UpdatedAt <= t.UtcTicks && (i < 0 || c.UpdatedAt > updated))
            {
                (pressure, effort, updated) = c;
            }

            if (i < 0 && pressure == 0 && effort == 0)
            {
                return default;
            }

            var reading = RiskIndex.ReadingOf(pressure, effort, t - new DateTimeOffset(updated, TimeSpan.Zero), halfLife);
            return new HistoryReading(reading.Pressure, reading.Effort, reading.Risk, i >= 0 ? sample.Baseline : null);
        })];
    }

    /// <summary>The alerts open at <paramref name="now"/>, as <see cref="AlertEngine.Open"/> lists them (all, or the one with <paramref name="alertId"/>).</summary>
    public IReadOnlyList<OpenAlert> Open(DateTimeOffset now, string? alertId = null)
    {
        var settings = Read();
        var rules = settings.Rules.IndexRules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        using var command = Command(_connection, _transaction, $"""
            SELECT o.alert_id, o.rule, o.kind, o.scope_key, o.phase, o.severity, o.value, o.threshold, o.since, s.{ScopeColumns.Replace(", ", ", s.", StringComparison.Ordinal)}
            FROM open_alert o LEFT JOIN risk_scope s ON s.scope = o.scope{(alertId is null ? "" : " WHERE o.alert_id = @id")} ORDER BY o.since, o.alert_id
            """);
        if (alertId is not null)
        {
            Add(command, "id", alertId);
        }

        using var reader = command.ExecuteReader();
        var open = new List<OpenAlert>();
        while (reader.Read())
        {
            var scope = new AlertScope((ScopeKind)reader.GetInt32(2), reader.GetString(3));
            var rule = reader.GetString(1);
            var value = reader.GetDouble(6);
            if (scope.Kind != ScopeKind.Article && rules.TryGetValue(rule, out var watching) && !reader.IsDBNull(9))
            {
                var (_, pressure, effort, updated, baseline) = ScopeOf(reader, 9);
                value = AlertEngine.AlertValue(watching, RiskIndex.ReadingOf(pressure, effort, now - updated, settings.HalfLife), baseline);
            }

            open.Add(new OpenAlert(reader.GetString(0), rule, scope, (AlertPhase)reader.GetInt32(4), reader.GetString(5), value, reader.GetDouble(7),
                new DateTimeOffset(reader.GetInt64(8), TimeSpan.Zero), settings.Silences.Any(s => s.Covers(scope, now))));
        }

        return AlertEngine.InOrder(open);
    }

    /// <summary>The rules in force.</summary>
    public RuleSet Rules() => Read().Rules;

    /// <summary>The silences not expired at <paramref name="now"/>, as <see cref="AlertEngine.Silences"/> lists them.</summary>
    public IReadOnlyList<Silence> Silences(DateTimeOffset now) => [.. Read().Silences.Where(s => s.Until > now)];

    private static (AlertScope Scope, double Pressure, double Effort, DateTimeOffset UpdatedAt, Baseline? Baseline) ScopeOf(DbDataReader reader, int at) => (
        new AlertScope((ScopeKind)reader.GetInt32(at), reader.GetString(at + 1)),
        reader.GetDouble(at + 2),
        reader.GetDouble(at + 3),
        new DateTimeOffset(reader.GetInt64(at + 4), TimeSpan.Zero),
        reader.IsDBNull(at + 5) ? null : new Baseline(reader.GetDouble(at + 5), reader.GetDouble(at + 6), reader.GetInt32(at + 7)));

    /// <summary>The settings row (read once per reader); an empty rule set before any writer seeded the read model.</summary>
    private Settings Read()
    {
        if (_settings is { } known)
        {
            return known;
        }

        using var command = Command(_connection, _transaction, "SELECT half_life, rules, silences FROM alert_settings WHERE id = 1");
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return _settings = new Settings(TimeSpan.FromHours(6).TotalSeconds, new RuleSet([], []), []);
        }

        var rules = JournalEntry.FromJson(reader.GetString(1));
        return _settings = new Settings(reader.GetDouble(0), new RuleSet(rules.Rules ?? [], rules.ArticleRules ?? []), JournalEntry.FromJson(reader.GetString(2)).Silences ?? []);
    }

    private sealed record Settings(double HalfLife, RuleSet Rules, IReadOnlyList<Silence> Silences);
}

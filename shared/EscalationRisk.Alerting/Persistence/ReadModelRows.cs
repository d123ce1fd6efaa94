using System.Data.Common;
using System.Globalization;
using static EscalationRisk.Alerting.ArticleRows;

namespace EscalationRisk.Alerting;

/// <summary>
/// The read model of the alert state, one SQL for every store (times as UTC ticks): each scope's sums
/// (<c>risk_scope</c>), their history by minute (<c>risk_sample</c>), the alerts open (<c>open_alert</c>), and the
/// rules and silences in force (<c>alert_settings</c>). The writer changes them in the transaction that journals its
/// steps, so they are exactly as durable and as consistent as the journal, and any Api replica answers from them
/// with no engine (see <see cref="ReadModelReader"/>). A step writes only what it changed: the scopes its articles
/// count in, the alerts it opened, moved or ended; and at its first commit in a new hour, every scope's row (when
/// the baselines move). Samples are kept for <see cref="ArticleRows.Retention"/> after the newest.
/// </summary>
public static class ReadModelRows
{
    /// <summary>The tables and their indexes (types both SQLite and PostgreSQL take).</summary>
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS risk_scope (scope text PRIMARY KEY, kind integer NOT NULL, scope_key text NOT NULL,
          pressure double precision NOT NULL, effort double precision NOT NULL, updated_at bigint NOT NULL,
          baseline_median double precision, baseline_spread double precision, baseline_hours integer, baseline_hour bigint NOT NULL, written_at bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS risk_scope_baseline_hour ON risk_scope (baseline_hour);
        CREATE TABLE IF NOT EXISTS risk_sample (scope text NOT NULL, minute bigint NOT NULL, written_at bigint NOT NULL,
          pressure double precision NOT NULL, effort double precision NOT NULL, updated_at bigint NOT NULL, baseline double precision, PRIMARY KEY (scope, minute));
        CREATE INDEX IF NOT EXISTS risk_sample_minute ON risk_sample (minute);
        CREATE TABLE IF NOT EXISTS open_alert (alert_id text PRIMARY KEY, rule text NOT NULL, scope text NOT NULL, kind integer NOT NULL, scope_key text NOT NULL,
          phase integer NOT NULL, severity text NOT NULL, value double precision NOT NULL, threshold double precision NOT NULL, since bigint NOT NULL);
        CREATE INDEX IF NOT EXISTS open_alert_since ON open_alert (since, alert_id);
        CREATE TABLE IF NOT EXISTS alert_settings (id integer PRIMARY KEY CHECK (id = 1), half_life double precision NOT NULL, rules text NOT NULL, silences text NOT NULL);
        """;

    /// <summary>The minute a time is in, as the samples key it.</summary>
    internal static long MinuteOf(DateTimeOffset t) => t.UtcTicks / TimeSpan.TicksPerMinute;

    /// <summary>
    /// Deletes, a batch per transaction, the history samples older than <see cref="ArticleRows.Retention"/> before the
    /// newest (a scope's row keeps its sums since its last contribution, however old).
    /// </summary>
    internal static int Prune(DbConnection connection, Func<DbTransaction> begin)
    {
        long horizon;
        using (var newest = Command(connection, null, "SELECT MAX(minute) FROM risk_sample"))
        {
            if (newest.ExecuteScalar() is not { } value || value is DBNull)
            {
                return 0;
            }

            horizon = Convert.ToInt64(value, CultureInfo.InvariantCulture) - (long)Retention.TotalMinutes;
        }

        return Batches.Repeat(begin, transaction =>
        {
            using var delete = Command(connection, transaction,
                $"DELETE FROM risk_sample WHERE (scope, minute) IN (SELECT scope, minute FROM risk_sample WHERE minute < @h LIMIT {Batches.Size})");
            Add(delete, "h", horizon);
            return delete.ExecuteNonQuery();
        });
    }
}

/// <summary>Writes the read model inside a writer's transaction (see <see cref="ReadModelRows"/>).</summary>
public sealed class ReadModelWriter
{
    private const int RowsPerStatement = 100;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly Statements? _statements;

    internal ReadModelWriter(DbConnection connection, DbTransaction transaction, Statements? statements = null)
    {
        _connection = connection;
        _transaction = transaction;
        _statements = statements;
    }

    /// <summary>
    /// Writes the whole read model from <paramref name="engine"/> when the store has none yet (a new store, or one
    /// migrated from a release without it): every scope, the alerts open, the rules and silences.
    /// </summary>
    internal void Seed(AlertEngine engine, DateTimeOffset at)
    {
        using var seeded = Command(_connection, _transaction, "SELECT COUNT(*) FROM alert_settings");
        if (Convert.ToInt64(seeded.ExecuteScalar(), CultureInfo.InvariantCulture) > 0)
        {
            return;
        }

        var changes = new ReadModelChanges { Rules = new RuleSet(engine.Rules, engine.ArticleRules), Silences = engine.Silences };
        foreach (var scope in engine.Scopes)
        {
            changes.Scope(engine.ScopeRowAt(scope, at));
        }

        foreach (var open in engine.Open())
        {
            changes.Alerts[open.AlertId] = (open.Rule, open.Scope, open);
        }

        Write(changes, engine, at, seeding: true);
    }

    /// <summary>Writes what a group of steps changed; at its first commit in a new hour, every scope's row too.</summary>
    internal void Write(ReadModelChanges changes, AlertEngine engine, DateTimeOffset at, bool seeding = false)
    {
        if (!seeding)
        {
            using var stale = Command(_connection, _transaction, "SELECT scope FROM risk_scope WHERE baseline_hour < @h LIMIT 1");
            Add(stale, "h", RiskIndex.HourOf(at).UtcTicks);
            if (stale.ExecuteScalar() is string)
            {
                foreach (var scope in engine.Scopes.Where(s => !changes.Scopes.ContainsKey(s)).ToList())
                {
                    changes.Scope(engine.ScopeRowAt(scope, at));
                }
            }
        }

        foreach (var chunk in changes.Scopes.Values.Chunk(Batches.RowsPerStatement(_connection, 11, RowsPerStatement)))
        {
            Upsert("risk_scope", "scope", ["scope", "kind", "scope_key", "pressure double precision", "effort double precision", "updated_at", "baseline_median double precision", "baseline_spread double precision", "baseline_hours integer", "baseline_hour", "written_at"],
                chunk.Select(r => new object?[]
                {
                    ScopeName(r.Scope), (int)r.Scope.Kind, r.Scope.Key, r.Pressure, r.Effort, r.UpdatedAt.UtcTicks,
                    r.Baseline?.Median, r.Baseline?.Spread, r.Baseline?.Hours, RiskIndex.HourOf(r.WrittenAt).UtcTicks, r.WrittenAt.UtcTicks,
                }));
        }

        foreach (var chunk in changes.Samples.Chunk(Batches.RowsPerStatement(_connection, 7, RowsPerStatement)))
        {
            Upsert("risk_sample", "scope, minute", ["scope", "minute", "written_at", "pressure double precision", "effort double precision", "updated_at", "baseline double precision"],
                chunk.Select(s => new object?[]
                {
                    ScopeName(s.Key.Scope), s.Key.Minute, s.Value.WrittenAt.UtcTicks, s.Value.Pressure, s.Value.Effort, s.Value.UpdatedAt.UtcTicks, s.Value.Baseline?.Median,
                }));
        }

        var (open, ended) = (changes.Alerts.Where(a => a.Value.Open is not null).ToList(), changes.Alerts.Where(a => a.Value.Open is null).ToList());
        foreach (var chunk in open.Chunk(Batches.RowsPerStatement(_connection, 10, RowsPerStatement)))
        {
            Upsert("open_alert", "alert_id", ["alert_id", "rule", "scope", "kind", "scope_key", "phase", "severity", "value double precision", "threshold double precision", "since"],
                chunk.Select(a => a.Value.Open!).Select(a => new object?[]
                {
                    a.AlertId, a.Rule, ScopeName(a.Scope), (int)a.Scope.Kind, a.Scope.Key, (int)a.Phase, a.Severity, a.Value, a.Threshold, a.Since.UtcTicks,
                }));
        }

        foreach (var (id, _) in ended)
        {
            using var delete = Command(_connection, _transaction, "DELETE FROM open_alert WHERE alert_id = @id");
            Add(delete, "id", id);
            delete.ExecuteNonQuery();
        }

        // The rules and silences in force, as the journal writes them (so they read back exactly), with the half-life.
        var rules = changes.Rules is { } set ? new JournalEntry(at, Rules: set.IndexRules, ArticleRules: set.ArticleRules).ToJson() : null;
        var silences = changes.Silences is { } list ? new JournalEntry(at, Silences: list).ToJson() : null;
        if (seeding)
        {
            Upsert("alert_settings", "id", ["id", "half_life double precision", "rules", "silences"], [[1, engine.HalfLifeSeconds, rules, silences]]);
            return;
        }

        foreach (var (column, json) in new[] { ("rules", rules), ("silences", silences) })
        {
            if (json is not null)
            {
                using var update = Command(_connection, _transaction, $"UPDATE alert_settings SET {column} = @json WHERE id = 1");
                Add(update, "json", json);
                update.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// Inserts rows, or updates those whose <paramref name="key"/> is there already, in one statement. A column named
    /// with a type (<c>"baseline double precision"</c>) has its values cast to it (a column of nulls in a multi-row
    /// VALUES would otherwise be taken as text by PostgreSQL).
    /// </summary>
    private void Upsert(string table, string key, string[] columns, IEnumerable<object?[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        var values = new List<string>();
        for (var r = 0; r < list.Count; r++)
        {
            var names = new string[columns.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{r}_{i}");
                var type = columns[i].IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? columns[i][(space + 1)..] : null;
                names[i] = type is null ? name : $"CAST({name} AS {type})";
            }

            values.Add("(" + string.Join(", ", names) + ")");
        }

        var keys = key.Split(", ");
        var plain = columns.Select(c => c.Split(' ')[0]).ToList();
        var sql = $"INSERT INTO {table} ({string.Join(", ", plain)}) VALUES {string.Join(", ", values)} ON CONFLICT ({key}) DO UPDATE SET "
            + string.Join(", ", plain.Where(c => !keys.Contains(c)).Select(c => $"{c} = excluded.{c}"));

        // The writer's statements when it keeps them (compiled once for every commit), else a command of its own.
        using var owned = _statements is null ? Command(_connection, _transaction, sql) : null;
        var command = _statements?.For(sql) ?? owned!;
        for (var r = 0; r < list.Count; r++)
        {
            for (var i = 0; i < columns.Length; i++)
            {
                Add(command, string.Create(CultureInfo.InvariantCulture, $"@p{r}_{i}"), list[r][i]);
            }
        }

        command.ExecuteNonQuery();
    }
}

using System.Globalization;
using EscalationRisk.Contracts;
using Microsoft.Data.Sqlite;

namespace EscalationRisk.Alerting;

/// <summary>
/// The alert workers' state in SQLite (the embedded default): the engine's snapshot with its revision, an outbox of
/// alerts decided but not yet confirmed as published, and the log of every alert decided. Writers take SQLite's
/// write lock (<c>BEGIN IMMEDIATE</c>, waiting while another process holds it), so processes sharing the file take
/// turns. After a crash the snapshot says what was already decided (no second firing) and the outbox what still has
/// to go out (no lost resolve); an alert published just before a crash may go out twice, with the same
/// <c>alertId</c>, for subscribers to deduplicate. The schema is created or upgraded when the store opens.
/// </summary>
public sealed class SqliteAlertStore : IAlertStore
{
    private const int SchemaVersion = 2;
    private readonly string connectionString;
    private readonly SemaphoreSlim writers = new(1, 1);

    /// <summary>Opens (and creates if needed) the store at a connection string such as <c>Data Source=alerts.db</c>.</summary>
    public SqliteAlertStore(string connectionString)
    {
        this.connectionString = connectionString;
        using var connection = Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS engine_state (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL, saved_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, created_at TEXT NOT NULL);
            """);
        var version = Convert.ToInt64(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
        if (version < 2)
        {
            // Version 2: a revision number on the state (for writers in several processes) and the alert log.
            Execute(connection, transaction, """
                ALTER TABLE engine_state ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE alert_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL, alert TEXT NOT NULL);
                CREATE INDEX alert_log_alert_id ON alert_log (alert_id);
                DELETE FROM schema_version;
                """);
            Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({SchemaVersion})");
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await writers.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            using var connection = Open();

            // BEGIN IMMEDIATE: the database's write lock, waited for (busy timeout) while another process holds it.
            using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(new Session(connection, transaction)).ConfigureAwait(false);
            transaction.Commit();
            return result;
        }
        finally
        {
            writers.Release();
        }
    }

    /// <inheritdoc />
    public (long Revision, EngineSnapshot? Snapshot) Read()
    {
        using var connection = Open();
        return ReadState(connection, null);
    }

    /// <inheritdoc />
    public bool OutboxWaiting()
    {
        using var connection = Open();
        return Scalar(connection, null, "SELECT EXISTS (SELECT 1 FROM outbox)") is long and not 0;
    }

    /// <inheritdoc />
    public IReadOnlyList<EscalationAlert> History(int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, alert FROM alert_log ORDER BY seq DESC LIMIT $n";
        command.Parameters.AddWithValue("$n", limit);
        using var reader = command.ExecuteReader();
        return [.. OutboxRows.Read(reader).Select(r => r.Alert)];
    }

    /// <inheritdoc />
    public void Dispose() => writers.Dispose();

    private static (long, EngineSnapshot?) ReadState(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT revision, snapshot FROM engine_state WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), EngineSnapshot.FromJson(reader.GetString(1))) : (0, null);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, null, "PRAGMA synchronous=FULL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private sealed class Session(SqliteConnection connection, SqliteTransaction transaction) : IAlertStoreSession
    {
        public long Revision => Convert.ToInt64(Scalar(connection, transaction, "SELECT COALESCE(MAX(revision), 0) FROM engine_state"), CultureInfo.InvariantCulture);

        public EngineSnapshot? Load() => ReadState(connection, transaction).Item2;

        public void Save(EngineSnapshot snapshot, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            ArgumentNullException.ThrowIfNull(toPublish);
            var time = at.ToString("O", CultureInfo.InvariantCulture);
            using (var state = Command("""
                INSERT INTO engine_state (id, snapshot, saved_at, revision) VALUES (1, $s, $t, 1)
                ON CONFLICT(id) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at, revision = engine_state.revision + 1
                """))
            {
                state.Parameters.AddWithValue("$s", snapshot.ToJson());
                state.Parameters.AddWithValue("$t", time);
                state.ExecuteNonQuery();
            }

            foreach (var alert in toPublish)
            {
                var json = OutboxRows.ToJson(alert);
                using var insert = Command("""
                    INSERT INTO outbox (alert, created_at) VALUES ($a, $t);
                    INSERT INTO alert_log (alert_id, status, at, alert) VALUES ($id, $st, $t, $a);
                    """);
                insert.Parameters.AddWithValue("$a", json);
                insert.Parameters.AddWithValue("$t", time);
                insert.Parameters.AddWithValue("$id", alert.AlertId);
                insert.Parameters.AddWithValue("$st", alert.Status.ToString());
                insert.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox(int limit = int.MaxValue)
        {
            using var command = Command("SELECT seq, alert FROM outbox ORDER BY seq LIMIT $n");
            command.Parameters.AddWithValue("$n", limit);
            using var reader = command.ExecuteReader();
            return OutboxRows.Read(reader);
        }

        public void Published(long seq)
        {
            using var command = Command("DELETE FROM outbox WHERE seq = $q");
            command.Parameters.AddWithValue("$q", seq);
            command.ExecuteNonQuery();
        }

        private SqliteCommand Command(string sql)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return command;
        }
    }
}

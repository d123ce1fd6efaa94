using EscalationRisk.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace EscalationRisk.Alerting;

/// <summary>
/// The alert workers' state in PostgreSQL (the scaled-out deployment): the same snapshot, outbox and alert log as
/// <see cref="SqliteAlertStore"/>, in tables <c>alert_engine_state</c> (the snapshot as JSON text), <c>alert_outbox</c>
/// and <c>alert_log</c> (jsonb). Writers serialise on a transaction-scoped advisory lock, so every replica and the API take turns. The
/// schema is created or upgraded at opening, under the same lock.
/// </summary>
public sealed class PostgresAlertStore : IAlertStore
{
    /// <summary>The advisory lock's key ("ERAL" in ASCII).</summary>
    private const long LockKey = 0x4552414C;
    private readonly NpgsqlDataSource dataSource;

    /// <summary>Opens the store and creates or upgrades its schema.</summary>
    public PostgresAlertStore(string connectionString)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({LockKey});
            CREATE TABLE IF NOT EXISTS alert_schema_version (version integer NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_engine_state (id integer PRIMARY KEY CHECK (id = 1), snapshot jsonb NOT NULL, saved_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_outbox (seq bigserial PRIMARY KEY, alert jsonb NOT NULL, created_at timestamptz NOT NULL);
            ALTER TABLE alert_engine_state ADD COLUMN IF NOT EXISTS revision bigint NOT NULL DEFAULT 0;
            CREATE TABLE IF NOT EXISTS alert_log (seq bigserial PRIMARY KEY, alert_id text NOT NULL, status text NOT NULL, at timestamptz NOT NULL, alert jsonb NOT NULL);
            CREATE INDEX IF NOT EXISTS alert_log_alert_id ON alert_log (alert_id);
            -- Version 3: the snapshot as text (jsonb's parse and conversion of a megabyte-sized document cost more than
            -- the rest of a commit; nothing queries inside it).
            ALTER TABLE alert_engine_state ALTER COLUMN snapshot TYPE text USING snapshot::text;
            DELETE FROM alert_schema_version;
            INSERT INTO alert_schema_version (version) VALUES (3);
            """, connection, transaction);
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        var result = await work(new Session(connection, transaction)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public (long Revision, EngineSnapshot? Snapshot) Read()
    {
        using var connection = dataSource.OpenConnection();
        return ReadState(connection, null);
    }

    /// <inheritdoc />
    public bool OutboxWaiting()
    {
        using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM alert_outbox)");
        return command.ExecuteScalar() is true;
    }

    /// <inheritdoc />
    public IReadOnlyList<EscalationAlert> History(int limit)
    {
        using var command = dataSource.CreateCommand("SELECT seq, alert::text FROM alert_log ORDER BY seq DESC LIMIT @n");
        command.Parameters.AddWithValue("n", limit);
        using var reader = command.ExecuteReader();
        return [.. OutboxRows.Read(reader).Select(r => r.Alert)];
    }

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();

    private static (long, EngineSnapshot?) ReadState(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("SELECT revision, snapshot::text FROM alert_engine_state WHERE id = 1", connection, transaction);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), EngineSnapshot.FromJson(reader.GetString(1))) : (0, null);
    }

    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAlertStoreSession
    {
        public long Revision
        {
            get
            {
                using var command = new NpgsqlCommand("SELECT COALESCE(MAX(revision), 0) FROM alert_engine_state", connection, transaction);
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        public EngineSnapshot? Load() => ReadState(connection, transaction).Item2;

        public void Save(EngineSnapshot snapshot, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            ArgumentNullException.ThrowIfNull(toPublish);
            using (var state = new NpgsqlCommand("""
                INSERT INTO alert_engine_state (id, snapshot, saved_at, revision) VALUES (1, @s, @t, 1)
                ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at, revision = alert_engine_state.revision + 1
                """, connection, transaction))
            {
                state.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Text) { Value = snapshot.ToJson() });
                state.Parameters.Add(new NpgsqlParameter("t", at));
                state.ExecuteNonQuery();
            }

            foreach (var alert in toPublish)
            {
                using var insert = new NpgsqlCommand("""
                    INSERT INTO alert_outbox (alert, created_at) VALUES (@a, @t);
                    INSERT INTO alert_log (alert_id, status, at, alert) VALUES (@id, @st, @t, @a);
                    """, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter("a", NpgsqlDbType.Jsonb) { Value = OutboxRows.ToJson(alert) });
                insert.Parameters.Add(new NpgsqlParameter("t", at));
                insert.Parameters.AddWithValue("id", alert.AlertId);
                insert.Parameters.AddWithValue("st", alert.Status.ToString());
                insert.ExecuteNonQuery();
            }
        }

        public IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox(int limit = int.MaxValue)
        {
            using var command = new NpgsqlCommand("SELECT seq, alert::text FROM alert_outbox ORDER BY seq LIMIT @n", connection, transaction);
            command.Parameters.AddWithValue("n", limit);
            using var reader = command.ExecuteReader();
            return OutboxRows.Read(reader);
        }

        public void Published(long seq)
        {
            using var command = new NpgsqlCommand("DELETE FROM alert_outbox WHERE seq = @q", connection, transaction);
            command.Parameters.AddWithValue("q", seq);
            command.ExecuteNonQuery();
        }
    }
}

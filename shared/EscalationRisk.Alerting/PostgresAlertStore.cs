using EscalationRisk.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace EscalationRisk.Alerting;

/// <summary>
/// The alert worker's state in PostgreSQL (the scaled-out deployment): the same snapshot and outbox as
/// <see cref="SqliteAlertStore"/>, in tables <c>alert_engine_state</c> and <c>alert_outbox</c> (jsonb), created if
/// missing.
/// </summary>
public sealed class PostgresAlertStore : IAlertStore
{
    private readonly NpgsqlDataSource dataSource;

    /// <summary>Opens the store and creates its schema if needed.</summary>
    public PostgresAlertStore(string connectionString)
    {
        dataSource = NpgsqlDataSource.Create(connectionString);
        using var command = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS alert_schema_version (version integer NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_engine_state (id integer PRIMARY KEY CHECK (id = 1), snapshot jsonb NOT NULL, saved_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_outbox (seq bigserial PRIMARY KEY, alert jsonb NOT NULL, created_at timestamptz NOT NULL);
            INSERT INTO alert_schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM alert_schema_version);
            """);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public EngineSnapshot? Load()
    {
        using var command = dataSource.CreateCommand("SELECT snapshot::text FROM alert_engine_state WHERE id = 1");
        return command.ExecuteScalar() is string json ? EngineSnapshot.FromJson(json) : null;
    }

    /// <inheritdoc />
    public void Save(EngineSnapshot snapshot, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(toPublish);
        using var connection = dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var state = new NpgsqlCommand(
            "INSERT INTO alert_engine_state (id, snapshot, saved_at) VALUES (1, @s, @t) ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at",
            connection, transaction))
        {
            state.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Jsonb) { Value = snapshot.ToJson() });
            state.Parameters.Add(new NpgsqlParameter("t", at));
            state.ExecuteNonQuery();
        }

        foreach (var alert in toPublish)
        {
            using var insert = new NpgsqlCommand("INSERT INTO alert_outbox (alert, created_at) VALUES (@a, @t)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter("a", NpgsqlDbType.Jsonb) { Value = OutboxRows.ToJson(alert) });
            insert.Parameters.Add(new NpgsqlParameter("t", at));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox()
    {
        using var command = dataSource.CreateCommand("SELECT seq, alert::text FROM alert_outbox ORDER BY seq");
        using var reader = command.ExecuteReader();
        return OutboxRows.Read(reader);
    }

    /// <inheritdoc />
    public void Published(long seq)
    {
        using var command = dataSource.CreateCommand("DELETE FROM alert_outbox WHERE seq = @q");
        command.Parameters.AddWithValue("q", seq);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();
}

using System.Globalization;
using EscalationRisk.Contracts;
using Microsoft.Data.Sqlite;

namespace EscalationRisk.Alerting;

/// <summary>
/// The alert worker's state in SQLite (the embedded default): the engine's snapshot and an outbox of alerts decided
/// but not yet confirmed as published, written in one transaction after every change. After a crash the snapshot
/// says what was already decided (no second firing) and the outbox what still has to go out (no lost resolve); an
/// alert published just before a crash may go out twice, with the same <c>alertId</c>, for subscribers to deduplicate.
/// The schema is created (or upgraded) when the store opens.
/// </summary>
public sealed class SqliteAlertStore : IAlertStore
{
    private const int SchemaVersion = 1;
    private readonly SqliteConnection connection;

    /// <summary>Opens (and creates if needed) the store at a connection string such as <c>Data Source=alerts.db</c>.</summary>
    public SqliteAlertStore(string connectionString)
    {
        connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("""
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS engine_state (id INTEGER PRIMARY KEY CHECK (id = 1), snapshot TEXT NOT NULL, saved_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, created_at TEXT NOT NULL);
            """);
        using var version = connection.CreateCommand();
        version.CommandText = "SELECT COUNT(*) FROM schema_version";
        if (Convert.ToInt64(version.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Execute($"INSERT INTO schema_version (version) VALUES ({SchemaVersion})");
        }
    }

    /// <inheritdoc />
    public EngineSnapshot? Load()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT snapshot FROM engine_state WHERE id = 1";
        return command.ExecuteScalar() is string json ? EngineSnapshot.FromJson(json) : null;
    }

    /// <inheritdoc />
    public void Save(EngineSnapshot snapshot, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(toPublish);
        using var transaction = connection.BeginTransaction();
        using (var state = connection.CreateCommand())
        {
            state.Transaction = transaction;
            state.CommandText = "INSERT INTO engine_state (id, snapshot, saved_at) VALUES (1, $s, $t) ON CONFLICT(id) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at";
            state.Parameters.AddWithValue("$s", snapshot.ToJson());
            state.Parameters.AddWithValue("$t", at.ToString("O", CultureInfo.InvariantCulture));
            state.ExecuteNonQuery();
        }

        foreach (var alert in toPublish)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO outbox (alert, created_at) VALUES ($a, $t)";
            insert.Parameters.AddWithValue("$a", OutboxRows.ToJson(alert));
            insert.Parameters.AddWithValue("$t", at.ToString("O", CultureInfo.InvariantCulture));
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, alert FROM outbox ORDER BY seq";
        using var reader = command.ExecuteReader();
        return OutboxRows.Read(reader);
    }

    /// <inheritdoc />
    public void Published(long seq)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM outbox WHERE seq = $q";
        command.Parameters.AddWithValue("$q", seq);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => connection.Dispose();

    private void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using System.Globalization;
using EscalationRisk.Contracts;
using Microsoft.Data.Sqlite;

namespace EscalationRisk.Alerting;

/// <summary>
/// The alert workers' state in SQLite (the embedded default): the journal of the engine's steps, the latest
/// checkpoint of the engine, an outbox of alerts decided but not yet confirmed as published, and the log of every
/// alert decided. Writers take SQLite's write lock (<c>BEGIN IMMEDIATE</c>, waiting while another process holds it),
/// so processes sharing the file take turns. After a crash the checkpoint and the journal after it say what was
/// already decided (no second firing) and the outbox what still has to go out (no lost resolve); an alert published
/// just before a crash may go out twice, with the same message id. The schema is created or upgraded when the store
/// opens; a store of an earlier version keeps its state (its snapshot becomes the first checkpoint).
/// </summary>
public sealed partial class SqliteAlertStore : IAlertStore
{
    private const int SchemaVersion = 6;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writers = new(1, 1);
    private SqliteConnection? _writer;
    private Statements? _writerStatements;

    /// <summary>Opens (and creates if needed) the store at a connection string such as <c>Data Source=alerts.db</c>.</summary>
    public SqliteAlertStore(string connectionString)
    {
        _connectionString = connectionString;
        using var connection = Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, """
            CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert TEXT NOT NULL, created_at TEXT NOT NULL);
            """);
        var version = Convert.ToInt64(Scalar(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);
        var hasState = Scalar(connection, transaction, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'engine_state'") is not null;
        if (version < 2 && hasState)
        {
            // Version 2 (from 1): a revision number on the state.
            Execute(connection, transaction, "ALTER TABLE engine_state ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;");
        }

        if (version < 2)
        {
            Execute(connection, transaction, """
                CREATE TABLE IF NOT EXISTS alert_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, alert_id TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL, alert TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS alert_log_alert_id ON alert_log (alert_id);
                """);
        }

        if (version < 3)
        {
            // Version 3: a journal of steps and a checkpoint instead of one snapshot rewritten whole at every commit.
            // The old snapshot becomes the checkpoint at its revision, and the journal goes on from there.
            Execute(connection, transaction, """
                CREATE TABLE alert_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, saved_at TEXT NOT NULL);
                CREATE TABLE alert_checkpoint_part (part INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
                CREATE TABLE alert_journal (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, entry TEXT NOT NULL);
                """);
            if (hasState)
            {
                Execute(connection, transaction, """
                    INSERT INTO alert_checkpoint (id, position, saved_at) SELECT 1, revision, saved_at FROM engine_state WHERE id = 1;
                    INSERT INTO alert_checkpoint_part (part, bytes) SELECT 0, CAST(snapshot AS BLOB) FROM engine_state WHERE id = 1;
                    INSERT INTO sqlite_sequence (name, seq) SELECT 'alert_journal', revision FROM engine_state WHERE id = 1;
                    DROP TABLE engine_state;
                    """);
            }

        }

        if (version < 4)
        {
            // Version 4: the read model of the articles counted and the texts submitted (see ArticleRows).
            Execute(connection, transaction, """
                CREATE TABLE article (seq INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL UNIQUE, observed_at INTEGER NOT NULL, label TEXT NOT NULL, scored TEXT NOT NULL);
                CREATE INDEX article_observed_at ON article (observed_at);
                CREATE INDEX article_label ON article (label, seq);
                CREATE TABLE article_scope (scope TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (scope, seq)) WITHOUT ROWID;
                CREATE INDEX article_scope_seq ON article_scope (seq);
                CREATE TABLE article_text (article_id TEXT PRIMARY KEY, kept_at INTEGER NOT NULL, language TEXT, title TEXT, body TEXT NOT NULL);
                CREATE INDEX article_text_kept_at ON article_text (kept_at);
                """);
        }

        if (version < 5)
        {
            // Version 5: the read model of the alert state (see ReadModelRows), filled from the engine by the first writer to open it.
            Execute(connection, transaction, ReadModelRows.Schema);
        }

        if (version < 6 && Scalar(connection, transaction, "SELECT 1 FROM pragma_table_info('outbox') WHERE name = 'log_seq'") is null)
        {
            // Version 6: an outbox row names its alert's row in the log (log_seq) instead of holding a second copy of
            // its JSON (empty in new rows); rows queued before keep their copy.
            Execute(connection, transaction, "ALTER TABLE outbox ADD COLUMN log_seq INTEGER;");
        }

        if (version < SchemaVersion)
        {
            Execute(connection, transaction, $"DELETE FROM schema_version; INSERT INTO schema_version (version) VALUES ({SchemaVersion});");
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public JournalRead ReadAfter(long position)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        using var statements = new Statements(connection, transaction);
        return ReadJournal(connection, transaction, position, statements);
    }

    /// <inheritdoc />
    public void WriteCheckpoint(SpooledParts checkpoint, long position)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        _writers.Wait();
        try
        {
            using var connection = Open();
            long kept;
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                kept = Scalar(connection, transaction, "SELECT position FROM alert_checkpoint WHERE id = 1") is long previous ? previous : 0;
                if (kept >= position)
                {
                    // The same or a later checkpoint is kept already.
                    return;
                }

                SaveCheckpoint(connection, transaction, checkpoint, position);
                transaction.Commit();
            }

            Batches.PruneJournal(connection, () => connection.BeginTransaction(deferred: false), position, kept);
            ArticleRows.Prune(connection, () => connection.BeginTransaction(deferred: false));
            ReadModelRows.Prune(connection, () => connection.BeginTransaction(deferred: false));
        }
        finally
        {
            _writers.Release();
        }
    }

    /// <inheritdoc />
    public async Task KeepTextsAsync(IReadOnlyList<ArticleSubmitted> articles, DateTimeOffset at, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        await _writers.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            ArticleRows.InsertTexts(connection, transaction, articles, at);
            transaction.Commit();
        }
        finally
        {
            _writers.Release();
        }
    }

    /// <inheritdoc />
    public ArticlePage Articles(ArticleQuery query)
    {
        using var connection = Open();
        return ArticleRows.Query(connection, query);
    }

    /// <inheritdoc />
    public StoredArticle? Article(string articleId)
    {
        using var connection = Open();
        return ArticleRows.Find(connection, articleId);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ArticleText> Texts(IReadOnlyCollection<string> articleIds)
    {
        using var connection = Open();
        return ArticleRows.Texts(connection, articleIds);
    }

    /// <inheritdoc />
    public T ReadModel<T>(Func<ReadModelReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return read(new ReadModelReader(connection, transaction));
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
    public void Dispose()
    {
        CloseWriter();
        _writers.Dispose();
    }

    private static long Revision(SqliteConnection connection, SqliteTransaction? transaction, Statements statements) => Convert.ToInt64(Scalar(connection, transaction, """
        SELECT MAX(COALESCE((SELECT MAX(seq) FROM alert_journal), 0), COALESCE((SELECT position FROM alert_checkpoint WHERE id = 1), 0))
        """, statements), CultureInfo.InvariantCulture);

    private static JournalRead ReadJournal(SqliteConnection connection, SqliteTransaction? transaction, long position, Statements statements)
    {
        var revision = Revision(connection, transaction, statements);
        var checkpointPosition = Scalar(connection, transaction, "SELECT position FROM alert_checkpoint WHERE id = 1", statements) is long p ? p : -1;
        var firstKept = Scalar(connection, transaction, "SELECT MIN(seq) FROM alert_journal", statements) is long f ? f : long.MaxValue;

        // A reader starts again from the checkpoint when it has none yet, or when what it would need was pruned.
        EngineSnapshot? checkpoint = null;
        if (JournalRead.StartsFromCheckpoint(position, revision, checkpointPosition, firstKept))
        {
            using var parts = connection.CreateCommand();
            parts.Transaction = transaction;
            parts.CommandText = "SELECT bytes FROM alert_checkpoint_part ORDER BY part";
            using var partsReader = parts.ExecuteReader();
            checkpoint = EngineSnapshot.FromParts(Rows(partsReader));
            position = checkpointPosition;
        }

        var command = statements.For("SELECT seq, entry FROM alert_journal WHERE seq > $p ORDER BY seq");
        ArticleRows.Add(command, "$p", Math.Max(position, 0));
        var entries = new List<(long, JournalEntry)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                entries.Add((reader.GetInt64(0), JournalEntry.FromJson(reader.GetString(1))));
            }
        }

        return new JournalRead(revision, checkpoint, checkpointPosition, ArticleRows.WithObserved(connection, transaction, entries));
    }

    private static IEnumerable<byte[]> Rows(SqliteDataReader reader)
    {
        while (reader.Read())
        {
            yield return (byte[])reader.GetValue(0);
        }
    }

    /// <summary>
    /// Replaces the checkpoint with <paramref name="checkpoint"/> at <paramref name="position"/>, unless a later one is
    /// kept. Each part's row is made at its size, then filled from the file through SQLite's incremental blob I/O, so
    /// no part is held whole, neither by this process nor by SQLite (a bound value is copied whole).
    /// </summary>
    private static void SaveCheckpoint(SqliteConnection connection, SqliteTransaction transaction, SpooledParts checkpoint, long position)
    {
        if (Scalar(connection, transaction, "SELECT position FROM alert_checkpoint WHERE id = 1") is long kept && kept > position)
        {
            return;
        }

        Execute(connection, transaction, "DELETE FROM alert_checkpoint_part;");
        checkpoint.CopyParts((i, length, bytes) =>
        {
            using (var part = connection.CreateCommand())
            {
                part.Transaction = transaction;
                part.CommandText = "INSERT INTO alert_checkpoint_part (part, bytes) VALUES ($n, zeroblob($length))";
                part.Parameters.AddWithValue("$n", i);
                part.Parameters.AddWithValue("$length", length);
                part.ExecuteNonQuery();
            }

            // The part number is the row id (an INTEGER PRIMARY KEY).
            using var blob = new SqliteBlob(connection, "alert_checkpoint_part", "bytes", i);
            CopyExactly(bytes, blob, length);
        });

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO alert_checkpoint (id, position, saved_at) VALUES (1, $p, $t)
            ON CONFLICT(id) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at
            """;
        command.Parameters.AddWithValue("$p", position);
        command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }

    /// <summary>Copies <paramref name="length"/> bytes from <paramref name="from"/> to <paramref name="to"/>, a buffer at a time.</summary>
    private static void CopyExactly(Stream from, Stream to, int length)
    {
        var buffer = new byte[Math.Min(length, 1 << 16)];
        while (length > 0)
        {
            var n = from.Read(buffer, 0, Math.Min(buffer.Length, length));
            if (n == 0)
            {
                throw new EndOfStreamException("a checkpoint's file ended before its last part");
            }

            to.Write(buffer, 0, n);
            length -= n;
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
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

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql, Statements? statements = null)
    {
        if (statements is not null)
        {
            return statements.For(sql).ExecuteScalar();
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

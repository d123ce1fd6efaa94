using System.Globalization;
using EscalationRisk.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace EscalationRisk.Alerting;

/// <summary>
/// The alert workers' state in PostgreSQL (the scaled-out deployment): the same journal, checkpoint, outbox and alert
/// log as <see cref="SqliteAlertStore"/>, in tables <c>alert_journal</c>, <c>alert_checkpoint</c>, <c>alert_outbox</c>
/// and <c>alert_log</c> (jsonb). Writers serialise on a transaction-scoped advisory lock, so every replica and the API
/// take turns. The schema is created or upgraded at opening, under the same lock; a store of an earlier version keeps
/// its state (its snapshot becomes the first checkpoint).
/// </summary>
public sealed class PostgresAlertStore : IAlertStore
{
    /// <summary>The advisory lock's key ("ERAL" in ASCII).</summary>
    private const long LockKey = 0x4552414C;
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Opens the store and creates or upgrades its schema.</summary>
    public PostgresAlertStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand($"""
            SELECT pg_advisory_xact_lock({LockKey});
            CREATE TABLE IF NOT EXISTS alert_schema_version (version integer NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_outbox (seq bigserial PRIMARY KEY, alert jsonb NOT NULL, created_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_log (seq bigserial PRIMARY KEY, alert_id text NOT NULL, status text NOT NULL, at timestamptz NOT NULL, alert jsonb NOT NULL);
            CREATE INDEX IF NOT EXISTS alert_log_alert_id ON alert_log (alert_id);
            CREATE TABLE IF NOT EXISTS alert_checkpoint (id integer PRIMARY KEY CHECK (id = 1), position bigint NOT NULL, saved_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_checkpoint_part (part integer PRIMARY KEY, bytes bytea NOT NULL);
            CREATE TABLE IF NOT EXISTS alert_journal (seq bigserial PRIMARY KEY, at timestamptz NOT NULL, entry text NOT NULL);
            CREATE TABLE IF NOT EXISTS article (seq bigserial PRIMARY KEY, article_id text NOT NULL UNIQUE, observed_at bigint NOT NULL, label text NOT NULL, scored text NOT NULL);
            CREATE INDEX IF NOT EXISTS article_observed_at ON article (observed_at);
            CREATE INDEX IF NOT EXISTS article_label ON article (label, seq);
            CREATE TABLE IF NOT EXISTS article_scope (scope text NOT NULL, seq bigint NOT NULL, PRIMARY KEY (scope, seq));
            CREATE INDEX IF NOT EXISTS article_scope_seq ON article_scope (seq);
            CREATE TABLE IF NOT EXISTS article_text (article_id text PRIMARY KEY, kept_at bigint NOT NULL, language text, title text, body text NOT NULL);
            CREATE INDEX IF NOT EXISTS article_text_kept_at ON article_text (kept_at);
            """ + ReadModelRows.Schema, connection, transaction))
        {
            // Version 6 (from 5): the read model of the alert state, filled from the engine by the first writer to open it.
            command.ExecuteNonQuery();
        }

        // Version 4: a journal of steps and a checkpoint instead of one snapshot rewritten whole at every commit. The
        // old snapshot (versions 1 to 3: alert_engine_state) becomes the checkpoint at its revision. Version 7: an
        // outbox row names its alert's row in the log (log_seq) instead of holding a second copy of its JSON (null in
        // new rows); rows queued before keep their copy.
        using (var migrate = new NpgsqlCommand("""
            DO $$
            BEGIN
              IF to_regclass('alert_engine_state') IS NOT NULL THEN
                ALTER TABLE alert_engine_state ADD COLUMN IF NOT EXISTS revision bigint NOT NULL DEFAULT 0;
                INSERT INTO alert_checkpoint (id, position, saved_at)
                  SELECT 1, revision, saved_at FROM alert_engine_state WHERE id = 1
                  ON CONFLICT (id) DO NOTHING;
                INSERT INTO alert_checkpoint_part (part, bytes)
                  SELECT 0, convert_to(snapshot::text, 'UTF8') FROM alert_engine_state WHERE id = 1
                  ON CONFLICT (part) DO NOTHING;
                PERFORM setval('alert_journal_seq_seq', GREATEST(COALESCE((SELECT revision FROM alert_engine_state WHERE id = 1), 0), 1),
                               COALESCE((SELECT revision FROM alert_engine_state WHERE id = 1), 0) > 0);
                DROP TABLE alert_engine_state;
              END IF;
            END $$;
            ALTER TABLE alert_outbox ADD COLUMN IF NOT EXISTS log_seq bigint;
            ALTER TABLE alert_outbox ALTER COLUMN alert DROP NOT NULL;
            DELETE FROM alert_schema_version;
            INSERT INTO alert_schema_version (version) VALUES (7);
            """, connection, transaction))
        {
            migrate.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
        }

        using var session = new Session(connection, transaction);
        var result = await work(session).ConfigureAwait(false);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public JournalRead ReadAfter(long position)
    {
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        return ReadJournal(connection, transaction, position);
    }

    /// <inheritdoc />
    public void WriteCheckpoint(SpooledParts checkpoint, long position)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var connection = _dataSource.OpenConnection();
        long kept;
        using (var previous = new NpgsqlCommand("SELECT COALESCE((SELECT position FROM alert_checkpoint WHERE id = 1), 0)", connection))
        {
            kept = Convert.ToInt64(previous.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (kept >= position)
        {
            // The same or a later checkpoint is kept already.
            return;
        }

        // Not under the writers' lock: the checkpoint names its position, and a later one is never replaced by an
        // earlier one (the row lock of the update orders two writers), so writers go on appending while it is written.
        using (var transaction = connection.BeginTransaction())
        {
            SaveCheckpoint(connection, transaction, checkpoint, position);
            transaction.Commit();
        }

        Batches.PruneJournal(connection, () => connection.BeginTransaction(), position, kept);
        ArticleRows.Prune(connection, () => connection.BeginTransaction());
        ReadModelRows.Prune(connection, () => connection.BeginTransaction());
    }

    /// <inheritdoc />
    public async Task KeepTextsAsync(IReadOnlyList<ArticleSubmitted> articles, DateTimeOffset at, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(articles);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellation).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellation).ConfigureAwait(false);
        ArticleRows.InsertTexts(connection, transaction, articles, at);
        await transaction.CommitAsync(cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ArticlePage Articles(ArticleQuery query)
    {
        using var connection = _dataSource.OpenConnection();
        return ArticleRows.Query(connection, query);
    }

    /// <inheritdoc />
    public StoredArticle? Article(string articleId)
    {
        using var connection = _dataSource.OpenConnection();
        return ArticleRows.Find(connection, articleId);
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ArticleText> Texts(IReadOnlyCollection<string> articleIds)
    {
        using var connection = _dataSource.OpenConnection();
        return ArticleRows.Texts(connection, articleIds);
    }

    /// <inheritdoc />
    public T ReadModel<T>(Func<ReadModelReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        return read(new ReadModelReader(connection, transaction));
    }

    /// <inheritdoc />
    public bool OutboxWaiting()
    {
        using var command = _dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM alert_outbox)");
        return command.ExecuteScalar() is true;
    }

    /// <inheritdoc />
    public IReadOnlyList<EscalationAlert> History(int limit)
    {
        using var command = _dataSource.CreateCommand("SELECT seq, alert::text FROM alert_log ORDER BY seq DESC LIMIT @n");
        command.Parameters.AddWithValue("n", limit);
        using var reader = command.ExecuteReader();
        return [.. OutboxRows.Read(reader).Select(r => r.Alert)];
    }

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    private static long Revision(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("""
            SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM alert_journal), 0), COALESCE((SELECT position FROM alert_checkpoint WHERE id = 1), 0))
            """, connection, transaction);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static JournalRead ReadJournal(NpgsqlConnection connection, NpgsqlTransaction? transaction, long position)
    {
        var revision = Revision(connection, transaction);
        long checkpointPosition, firstKept;
        using (var command = new NpgsqlCommand("SELECT COALESCE((SELECT position FROM alert_checkpoint WHERE id = 1), -1), COALESCE((SELECT MIN(seq) FROM alert_journal), 9223372036854775807)", connection, transaction))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            checkpointPosition = reader.GetInt64(0);
            firstKept = reader.GetInt64(1);
        }

        EngineSnapshot? checkpoint = null;
        if (JournalRead.StartsFromCheckpoint(position, revision, checkpointPosition, firstKept))
        {
            // The position with the parts in one statement: a checkpoint written meanwhile (not under the writers'
            // lock) replaces both in one transaction, and one statement sees it all or not at all, even in a writer's
            // read-committed transaction, where a header read apart from the parts could pair an old position with
            // new parts.
            using var command = new NpgsqlCommand(
                "SELECT c.position, p.bytes FROM alert_checkpoint c CROSS JOIN alert_checkpoint_part p WHERE c.id = 1 ORDER BY p.part",
                connection, transaction);
            using var reader = command.ExecuteReader();
            var read = new System.Runtime.CompilerServices.StrongBox<long>(checkpointPosition);
            checkpoint = EngineSnapshot.FromParts(Parts(reader, read));
            checkpointPosition = read.Value;
            position = checkpointPosition;
        }

        var entries = new List<(long, JournalEntry)>();
        using (var command = new NpgsqlCommand("SELECT seq, entry FROM alert_journal WHERE seq > @p ORDER BY seq", connection, transaction))
        {
            command.Parameters.AddWithValue("p", Math.Max(position, 0));
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                entries.Add((reader.GetInt64(0), JournalEntry.FromJson(reader.GetString(1))));
            }
        }

        return new JournalRead(revision, checkpoint, checkpointPosition, ArticleRows.WithObserved(connection, transaction, entries));
    }

    /// <summary>The checkpoint's parts as the reader streams them, noting the position each row carries.</summary>
    private static IEnumerable<byte[]> Parts(NpgsqlDataReader reader, System.Runtime.CompilerServices.StrongBox<long> position)
    {
        while (reader.Read())
        {
            position.Value = reader.GetInt64(0);
            yield return reader.GetFieldValue<byte[]>(1);
        }
    }

    /// <summary>
    /// Replaces the checkpoint with <paramref name="checkpoint"/> at <paramref name="position"/>, unless a later one is
    /// kept. Every part is sent from one buffer, read again from the file for each, not from an array of its own.
    /// </summary>
    private static void SaveCheckpoint(NpgsqlConnection connection, NpgsqlTransaction transaction, SpooledParts checkpoint, long position)
    {
        // The header row, locked first, orders checkpoint writers; a later checkpoint is never replaced.
        using (var header = new NpgsqlCommand("""
            INSERT INTO alert_checkpoint (id, position, saved_at) VALUES (1, @p, now())
            ON CONFLICT (id) DO UPDATE SET position = excluded.position, saved_at = excluded.saved_at
            WHERE excluded.position >= alert_checkpoint.position
            """, connection, transaction))
        {
            header.Parameters.AddWithValue("p", position);
            if (header.ExecuteNonQuery() == 0)
            {
                return;
            }
        }

        using (var clear = new NpgsqlCommand("DELETE FROM alert_checkpoint_part", connection, transaction))
        {
            clear.ExecuteNonQuery();
        }

        byte[]? buffer = null;
        checkpoint.CopyParts((i, length, bytes) =>
        {
            buffer ??= new byte[length];
            bytes.ReadExactly(buffer, 0, length);
            using var part = new NpgsqlCommand("INSERT INTO alert_checkpoint_part (part, bytes) VALUES (@n, @b)", connection, transaction);
            part.Parameters.AddWithValue("n", i);
            part.Parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("b", NpgsqlDbType.Bytea) { TypedValue = buffer.AsMemory(0, length) });
            part.ExecuteNonQuery();
        });
    }

    private sealed class Session(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAlertStoreSession, IDisposable
    {
        private readonly Statements _statements = new(connection, transaction);

        public void Dispose() => _statements.Dispose();

        public long Revision => PostgresAlertStore.Revision(connection, transaction);

        public ReadModelWriter ReadModel => new(connection, transaction);

        public JournalRead ReadAfter(long position) => ReadJournal(connection, transaction, position);

        public void Checkpoint(EngineSnapshot snapshot, long position)
        {
            ArgumentNullException.ThrowIfNull(snapshot);
            using var spooled = snapshot.ToSpooledParts();
            SaveCheckpoint(connection, transaction, spooled, position);
        }

        public long Append(IReadOnlyList<JournalEntry> entries, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at, List<long>? outboxSeqs = null)
        {
            ArgumentNullException.ThrowIfNull(entries);
            ArgumentNullException.ThrowIfNull(toPublish);
            var inRows = ArticleRows.Insert(_statements, entries);
            foreach (var entry in entries)
            {
                using var append = new NpgsqlCommand("INSERT INTO alert_journal (at, entry) VALUES (@t, @e)", connection, transaction);
                append.Parameters.AddWithValue("t", entry.At);
                append.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Text) { Value = entry.ToStoredJson(inRows) });
                append.ExecuteNonQuery();
            }

            foreach (var alert in toPublish)
            {
                using var insert = new NpgsqlCommand("""
                    WITH logged AS (INSERT INTO alert_log (alert_id, status, at, alert) VALUES (@id, @st, @t, @a) RETURNING seq)
                    INSERT INTO alert_outbox (created_at, log_seq) SELECT @t, seq FROM logged RETURNING seq
                    """, connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter("a", NpgsqlDbType.Jsonb) { Value = OutboxRows.ToJson(alert) });
                insert.Parameters.Add(new NpgsqlParameter("t", at));
                insert.Parameters.AddWithValue("id", alert.AlertId);
                insert.Parameters.AddWithValue("st", alert.Status.ToString());
                var seq = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
                outboxSeqs?.Add(seq);
            }

            return Revision;
        }

        public IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox(int limit = int.MaxValue, Func<long, EscalationAlert?>? known = null)
        {
            using var command = new NpgsqlCommand(
                "SELECT o.seq, COALESCE(l.alert, o.alert)::text FROM alert_outbox o LEFT JOIN alert_log l ON l.seq = o.log_seq ORDER BY o.seq LIMIT @n",
                connection, transaction);
            command.Parameters.AddWithValue("n", limit);
            using var reader = command.ExecuteReader();
            return OutboxRows.Read(reader, known);
        }

        public void PublishedThrough(long seq)
        {
            using var command = new NpgsqlCommand("DELETE FROM alert_outbox WHERE seq <= @q", connection, transaction);
            command.Parameters.AddWithValue("q", seq);
            command.ExecuteNonQuery();
        }
    }
}

using System.Globalization;
using EscalationRisk.Contracts;
using Microsoft.Data.Sqlite;

namespace EscalationRisk.Alerting;

/// <summary>One write transaction of the SQLite store: the journal, the outbox and the read model in one commit.</summary>
public sealed partial class SqliteAlertStore
{
    private sealed class Session(SqliteConnection connection, SqliteTransaction transaction, Statements statements) : IAlertStoreSession
    {
        private readonly Statements _statements = statements;

        public long Revision => SqliteAlertStore.Revision(connection, transaction, _statements);

        public ReadModelWriter ReadModel => new(connection, transaction, _statements);

        public JournalRead ReadAfter(long position) => ReadJournal(connection, transaction, position, _statements);

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
            var time = at.ToString("O", CultureInfo.InvariantCulture);
            var inRows = ArticleRows.Insert(_statements, entries);
            foreach (var entry in entries)
            {
                var append = _statements.For("INSERT INTO alert_journal (at, entry) VALUES ($t, $e)");
                ArticleRows.Add(append, "$t", entry.At.ToString("O", CultureInfo.InvariantCulture));
                ArticleRows.Add(append, "$e", entry.ToStoredJson(inRows));
                append.ExecuteNonQuery();
            }

            foreach (var alert in toPublish)
            {
                // The alert's JSON once, in the log; its outbox row names that row.
                var log = _statements.For("INSERT INTO alert_log (alert_id, status, at, alert) VALUES ($id, $st, $t, $a) RETURNING seq");
                ArticleRows.Add(log, "$id", alert.AlertId);
                ArticleRows.Add(log, "$st", alert.Status.ToString());
                ArticleRows.Add(log, "$t", time);
                ArticleRows.Add(log, "$a", OutboxRows.ToJson(alert));
                var logged = Convert.ToInt64(log.ExecuteScalar(), CultureInfo.InvariantCulture);
                var queue = _statements.For("INSERT INTO outbox (alert, created_at, log_seq) VALUES ('', $t, $l) RETURNING seq");
                ArticleRows.Add(queue, "$t", time);
                ArticleRows.Add(queue, "$l", logged);
                var seq = Convert.ToInt64(queue.ExecuteScalar(), CultureInfo.InvariantCulture);
                outboxSeqs?.Add(seq);
            }

            return Revision;
        }

        public IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox(int limit = int.MaxValue, Func<long, EscalationAlert?>? known = null)
        {
            using var command = Command("SELECT o.seq, COALESCE(l.alert, o.alert) FROM outbox o LEFT JOIN alert_log l ON l.seq = o.log_seq ORDER BY o.seq LIMIT $n");
            command.Parameters.AddWithValue("$n", limit);
            using var reader = command.ExecuteReader();
            return OutboxRows.Read(reader, known);
        }

        public void PublishedThrough(long seq)
        {
            var command = _statements.For("DELETE FROM outbox WHERE seq <= $q");
            ArticleRows.Add(command, "$q", seq);
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

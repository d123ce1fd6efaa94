using Microsoft.Data.Sqlite;

namespace EscalationRisk.Alerting;

/// <summary>The SQLite store's writers: one connection kept for the group commits and drains, with its compiled statements.</summary>
public sealed partial class SqliteAlertStore
{
    /// <inheritdoc />
    public async Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writers.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            // One connection for the group commits and drains, kept open with its compiled statements: a commit ran
            // the same few dozen statements as the one before, each compiled anew on a connection opened for it.
            var connection = _writer ??= OpenWriter();
            _writerStatements ??= new Statements(connection, null!);
            try
            {
                // BEGIN IMMEDIATE: the database's write lock, waited for (busy timeout) while another process holds it.
                using var transaction = connection.BeginTransaction(deferred: false);
                _writerStatements.Transaction = transaction;
                var result = await work(new Session(connection, transaction, _writerStatements)).ConfigureAwait(false);
                transaction.Commit();
                return result;
            }
            catch (Exception)
            {
                // Rolled back; a connection that failed is not kept (the next write opens another).
                CloseWriter();
                throw;
            }
        }
        finally
        {
            _writers.Release();
        }
    }

    /// <summary>How many connections the writers have opened (one while none fails; for tests).</summary>
    internal int WriterConnections { get; private set; }

    /// <summary>
    /// How many WAL pages the writer's commits let gather before they copy them into the database (SQLite's default:
    /// 1,000). A group commit dirties a page of each index whose keys are not in time order (the alert ids of the log
    /// and of the open alerts) for most of its alerts, and the same pages again in the next group: with checkpoints
    /// this far apart each such page is copied (read from the WAL and written) once per checkpoint instead of once or
    /// twice per commit. Durability is the commit's (its WAL frames are synced, synchronous=FULL).
    /// </summary>
    internal const int WalAutoCheckpointPages = 10_000;

    private SqliteConnection OpenWriter()
    {
        WriterConnections++;
        var connection = Open();
        Execute(connection, null, $"PRAGMA wal_autocheckpoint={WalAutoCheckpointPages};");
        return connection;
    }

    private void CloseWriter()
    {
        _writerStatements?.Dispose();
        _writerStatements = null;
        _writer?.Dispose();
        _writer = null;
    }
}

using System.Data.Common;

namespace EscalationRisk.Alerting;

/// <summary>
/// Deleting in bounded batches, one transaction each, so no transaction holds a store's lock for long: the journal
/// entries a checkpoint covers, and the read model's old rows (<see cref="ArticleRows.Prune"/>). One SQL for every
/// store (<c>@name</c> parameters).
/// </summary>
internal static class Batches
{
    /// <summary>The most rows one batch deletes.</summary>
    public const int Size = 5000;

    /// <summary>
    /// Values one multi-row statement binds on SQLite. Microsoft.Data.Sqlite binds each value by its name, and SQLite
    /// finds a name by walking the statement's list of names from the start (<c>sqlite3VListNameToNum</c>, one
    /// <c>strncmp</c> a name), so binding a statement of n values costs about n²/2 comparisons: a group commit of 128
    /// article alerts wrote <c>open_alert</c> in statements of 1,000 values, and the comparisons were 7% of the alert
    /// worker's CPU. SQLite runs in the process, so more, smaller statements cost no round trips.
    /// </summary>
    public const int SqliteValuesPerStatement = 40;

    /// <summary>
    /// Rows one multi-row statement carries: <paramref name="rows"/> on a server (one round trip for many rows), and
    /// as many as <see cref="SqliteValuesPerStatement"/> values allow on SQLite (at least one).
    /// </summary>
    public static int RowsPerStatement(DbConnection connection, int valuesPerRow, int rows) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection ? Math.Clamp(SqliteValuesPerStatement / valuesPerRow, 1, rows) : rows;

    /// <summary>
    /// Runs <paramref name="batch"/> in a transaction of its own (committed), again and again until one deletes fewer
    /// than <see cref="Size"/> rows; returns how many went in all.
    /// </summary>
    public static int Repeat(Func<DbTransaction> begin, Func<DbTransaction, int> batch)
    {
        var total = 0;
        while (true)
        {
            using var transaction = begin();
            var deleted = batch(transaction);
            transaction.Commit();
            total += deleted;
            if (deleted < Size)
            {
                return total;
            }
        }
    }

    /// <summary>
    /// Deletes the journal entries up to <paramref name="position"/> that the previous checkpoint (at
    /// <paramref name="kept"/>) covers: those after it stay, so a standby up to one checkpoint behind still catches
    /// up by position.
    /// </summary>
    public static int PruneJournal(DbConnection connection, Func<DbTransaction> begin, long position, long kept) =>
        Repeat(begin, transaction =>
        {
            using var delete = ArticleRows.Command(connection, transaction,
                $"DELETE FROM alert_journal WHERE seq IN (SELECT seq FROM alert_journal WHERE seq <= @p AND seq <= @kept ORDER BY seq LIMIT {Size})");
            ArticleRows.Add(delete, "p", position);
            ArticleRows.Add(delete, "kept", kept);
            return delete.ExecuteNonQuery();
        });
}

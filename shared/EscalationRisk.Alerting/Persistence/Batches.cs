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

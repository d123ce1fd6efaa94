using System.Data.Common;

namespace EscalationRisk.Alerting;

/// <summary>
/// The commands of one transaction, each prepared once and run again with new values: a group commit runs the same
/// few statements for every article in it (the journal entry, the article row, its scopes, the alert), and SQLite
/// compiles a statement anew for every new command, which cost more than running it. Not thread-safe; disposed with
/// the transaction.
/// </summary>
internal sealed class Statements(DbConnection connection, DbTransaction transaction) : IDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>
    /// The transaction the commands run in: a store that keeps one connection for its writers keeps its statements
    /// too, compiled once, and gives each transaction to them as it begins.
    /// </summary>
    public DbTransaction Transaction { get; set; } = transaction;

    /// <summary>The connection the commands run on (its kind decides how many rows one statement carries).</summary>
    public DbConnection Connection => connection;

    /// <summary>The command for <paramref name="sql"/>, its parameters cleared for the caller to add again.</summary>
    public DbCommand For(string sql)
    {
        if (_commands.TryGetValue(sql, out var command))
        {
            // The compiled statement stays with the command as long as its text does; the values are bound anew.
            command.Parameters.Clear();
            command.Transaction = Transaction;
            return command;
        }

        command = connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        _commands[sql] = command;
        return command;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}

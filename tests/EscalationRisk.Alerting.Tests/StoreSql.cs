using Microsoft.Data.Sqlite;
using Npgsql;

namespace EscalationRisk.Alerting.Tests;

/// <summary>Reads rows of a store's tables directly (a long, a long, a string each), for tests of what is stored.</summary>
internal static class StoreSql
{
    /// <summary>
    /// Runs <paramref name="sql"/> on the store (<paramref name="kind"/> "sqlite" or "postgres"); a PostgreSQL cast
    /// <c>::text</c> is dropped on SQLite.
    /// </summary>
    public static async Task<List<(long, long, string)>> RowsAsync(string connectionString, string sql, string kind)
    {
        var rows = new List<(long, long, string)>();
        if (kind == "sqlite")
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Replace("::text", "", StringComparison.Ordinal);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetInt64(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(2)));
            }
        }

        return rows;
    }
}

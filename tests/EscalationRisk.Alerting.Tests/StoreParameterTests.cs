using Microsoft.Data.Sqlite;

namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// The stores' parameters carry their <c>@</c> prefix to the driver: Microsoft.Data.Sqlite looks a name without it up
/// four times in the statement's list of names, one by one, which made a group commit's read-model upsert (hundreds
/// of values) cost more in finding its parameters than in writing its rows.
/// </summary>
public sealed class StoreParameterTests
{
    [Fact]
    public void A_name_given_without_its_prefix_is_given_to_the_driver_with_it()
    {
        using var command = new SqliteCommand();
        ArticleRows.Add(command, "id", "a");
        ArticleRows.Add(command, "@at", 1L);
        ArticleRows.Add(command, "$t", "x");
        Assert.Equal(["@id", "@at", "$t"], command.Parameters.Cast<SqliteParameter>().Select(p => p.ParameterName));
    }

    [Fact]
    public void A_statement_with_hundreds_of_parameters_binds_each_value_to_its_own_name()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + string.Join(" || ',' || ", Enumerable.Range(0, 320).Select(i => $"@p{i}"));
        for (var i = 0; i < 320; i++)
        {
            ArticleRows.Add(command, $"p{i}", i);
        }

        Assert.Equal(string.Join(',', Enumerable.Range(0, 320)), command.ExecuteScalar());
    }

    [Fact]
    public void A_multi_row_statement_on_SQLite_binds_a_few_dozen_values_and_on_a_server_the_rows_asked()
    {
        // Binding n values costs SQLite about n²/2 name comparisons: 128 open alerts of 10 values in statements of
        // 100 rows spent 7% of the alert worker's CPU in them.
        using var sqlite = new SqliteConnection("Data Source=:memory:");
        Assert.Equal(4, Batches.RowsPerStatement(sqlite, 10, 100));
        Assert.Equal(3, Batches.RowsPerStatement(sqlite, 11, 100));
        Assert.Equal(10, Batches.RowsPerStatement(sqlite, 4, 200));
        Assert.Equal(1, Batches.RowsPerStatement(sqlite, 60, 100));
        Assert.True(Batches.RowsPerStatement(sqlite, 7, 100) * 7 <= Batches.SqliteValuesPerStatement);
        using var server = new Npgsql.NpgsqlConnection();
        Assert.Equal(100, Batches.RowsPerStatement(server, 10, 100));
    }
}

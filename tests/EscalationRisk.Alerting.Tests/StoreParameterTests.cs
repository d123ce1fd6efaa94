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
}

namespace EscalationRisk.Testing;

/// <summary>
/// The PostgreSQL server the test command starts (connection string in <c>ER_PG_CONNECTION</c>), for the tests and
/// the benchmarks.
/// </summary>
internal static class TestPostgres
{
    /// <summary>
    /// A connection string to a new, empty database on that server, so tests running side by side never see each
    /// other's tables (the server and its data folder go when the test command stops it).
    /// </summary>
    public static string Fresh()
    {
        var postgres = Environment.GetEnvironmentVariable("ER_PG_CONNECTION");
        if (string.IsNullOrEmpty(postgres))
        {
            throw new InvalidOperationException("ER_PG_CONNECTION is not set: scripts/test.sh starts a PostgreSQL server for the tests");
        }

        var name = "alerts_" + Guid.NewGuid().ToString("N");
        using (var connection = new Npgsql.NpgsqlConnection(postgres))
        {
            connection.Open();
            using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
    }
}

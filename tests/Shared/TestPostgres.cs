namespace EscalationRisk.Testing;

/// <summary>The PostgreSQL server the test command starts (connection string in <c>ER_PG_CONNECTION</c>).</summary>
internal static class TestPostgres
{
    /// <summary>The server's connection string, with the alert tables dropped: a store that starts empty.</summary>
    public static string Fresh()
    {
        var postgres = Environment.GetEnvironmentVariable("ER_PG_CONNECTION");
        Xunit.Assert.False(string.IsNullOrEmpty(postgres), "ER_PG_CONNECTION is not set: scripts/test.sh starts a PostgreSQL server for the tests");
        using var connection = new Npgsql.NpgsqlConnection(postgres);
        connection.Open();
        using var drop = new Npgsql.NpgsqlCommand("DROP TABLE IF EXISTS alert_engine_state, alert_outbox, alert_schema_version", connection);
        drop.ExecuteNonQuery();
        return postgres;
    }
}

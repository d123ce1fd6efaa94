namespace EscalationRisk.Alerting.Tests;

/// <summary>
/// The databases a store test runs on, by kind: "sqlite", one file in a temporary folder deleted afterwards (the same
/// file for every call, so two stores can share it), or "postgres", a new database on the server the test command
/// starts.
/// </summary>
internal sealed class StoreDatabases : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-store-").FullName;

    public string ConnectionString(string kind) => kind == "sqlite"
        ? $"Data Source={Path.Combine(_folder, "alerts.db")};Pooling=False"
        : EscalationRisk.Testing.TestPostgres.Fresh();

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Where an alert worker keeps its state: the engine's snapshot and an outbox of alerts decided but not yet
/// confirmed as published, saved together atomically.
/// </summary>
public interface IAlertStore : IDisposable
{
    /// <summary>The last saved snapshot, or null for a new store.</summary>
    EngineSnapshot? Load();

    /// <summary>Saves the snapshot and queues the alerts to publish, in one transaction.</summary>
    void Save(EngineSnapshot snapshot, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at);

    /// <summary>The alerts waiting to be published, oldest first, with their sequence numbers.</summary>
    IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox();

    /// <summary>Removes an alert from the outbox once the broker confirmed it.</summary>
    void Published(long seq);
}

/// <summary>Opens the store a connection string names.</summary>
public static class AlertStores
{
    /// <summary>
    /// PostgreSQL for a connection string with a <c>Host=</c> (the scaled-out deployment), SQLite otherwise
    /// (<c>Data Source=...</c>, the embedded default). The schema is created or upgraded on opening.
    /// </summary>
    public static IAlertStore Open(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return connectionString.Contains("Host=", StringComparison.OrdinalIgnoreCase)
            ? new PostgresAlertStore(connectionString)
            : new SqliteAlertStore(connectionString);
    }
}

using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Where alert workers keep their state: the engine's snapshot with a revision number, an outbox of alerts decided
/// but not yet confirmed as published, and a log of every alert decided. Every change goes through
/// <see cref="WriteAsync{T}"/>, which holds a write lock shared by every process on the same database, so a standby
/// worker, an active one and an API changing rules never overwrite each other's state.
/// </summary>
public interface IAlertStore : IDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction holding the store's write lock (waiting for other writers,
    /// in this process or another); commits when it returns, rolls back when it throws.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default);

    /// <summary>The last committed state without taking the lock (for queries): revision 0 and null for a new store.</summary>
    (long Revision, EngineSnapshot? Snapshot) Read();

    /// <summary>True when the outbox holds an alert (a read without the lock, to skip an empty drain).</summary>
    bool OutboxWaiting();

    /// <summary>The alerts decided, newest first, at most <paramref name="limit"/> (for queries).</summary>
    IReadOnlyList<EscalationAlert> History(int limit);
}

/// <summary>What a writer can do while it holds the lock.</summary>
public interface IAlertStoreSession
{
    /// <summary>The revision of the saved state: 0 for a new store, one more with every <see cref="Save"/>.</summary>
    long Revision { get; }

    /// <summary>The saved snapshot, or null for a new store.</summary>
    EngineSnapshot? Load();

    /// <summary>Saves the snapshot (the revision goes up by one) and queues the alerts to publish.</summary>
    void Save(EngineSnapshot snapshot, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at);

    /// <summary>The alerts waiting to be published, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox(int limit = int.MaxValue);

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

    /// <summary>Runs synchronous work under the write lock.</summary>
    public static T Write<T>(this IAlertStore store, Func<IAlertStoreSession, T> work)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(work);
        return store.WriteAsync(session => Task.FromResult(work(session))).GetAwaiter().GetResult();
    }
}

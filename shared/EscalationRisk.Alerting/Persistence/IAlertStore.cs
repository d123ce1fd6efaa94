using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Where alert workers keep their state: a journal of the engine's steps (appended with each commit, its cost
/// independent of how much the engine holds), a checkpoint of the whole engine written now and then in the
/// background, an outbox of alerts decided but not yet confirmed as published, and a log of every alert decided. Every
/// change goes through <see cref="WriteAsync{T}"/>, which holds a write lock shared by every process on the same
/// database, so a standby worker, an active one and an API changing rules never overwrite each other's state.
/// </summary>
public interface IAlertStore : IDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in one transaction holding the store's write lock (waiting for other writers,
    /// in this process or another); commits when it returns, rolls back when it throws.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default);

    /// <summary>What a reader at <paramref name="position"/> needs, without the lock (for queries); -1: from the start.</summary>
    JournalRead ReadAfter(long position);

    /// <summary>
    /// Keeps the snapshot spooled in <paramref name="checkpoint"/> (see <see cref="AlertEngine.SpoolCheckpoint"/>) as
    /// the checkpoint at journal position <paramref name="position"/> (unless a later one is kept already), copying
    /// each part into its row piece by piece, then drops the journal entries it covers, in bounded batches.
    /// </summary>
    void WriteCheckpoint(SpooledParts checkpoint, long position);

    /// <summary>True when the outbox holds an alert (a read without the lock, to skip an empty drain).</summary>
    bool OutboxWaiting();

    /// <summary>The alerts decided, newest first, at most <paramref name="limit"/> (for queries).</summary>
    IReadOnlyList<EscalationAlert> History(int limit);

    /// <summary>
    /// Keeps the texts of articles submitted at <paramref name="at"/>, for the evidence and article views of every
    /// Api replica (not under the writers' lock: texts are no part of the engine's state).
    /// </summary>
    Task KeepTextsAsync(IReadOnlyList<ArticleSubmitted> articles, DateTimeOffset at, CancellationToken cancellation = default);

    /// <summary>A page of the articles counted (see <see cref="ArticleRows"/>), newest first.</summary>
    ArticlePage Articles(ArticleQuery query);

    /// <summary>One article, counted or only submitted, with its text when kept; null when unknown.</summary>
    StoredArticle? Article(string articleId);

    /// <summary>The texts kept of the given articles (those not kept are missing).</summary>
    IReadOnlyDictionary<string, ArticleText> Texts(IReadOnlyCollection<string> articleIds);

    /// <summary>Reads the read model of the alert state (see <see cref="ReadModelRows"/>) in one read transaction, without the lock.</summary>
    T ReadModel<T>(Func<ReadModelReader, T> read);
}

/// <summary>What a writer can do while it holds the lock.</summary>
public interface IAlertStoreSession
{
    /// <summary>The journal's position: 0 for a new store, one more with every entry appended.</summary>
    long Revision { get; }

    /// <summary>What a reader at <paramref name="position"/> needs to catch up (see <see cref="JournalRead"/>).</summary>
    JournalRead ReadAfter(long position);

    /// <summary>
    /// Appends the steps to the journal and queues the alerts they decided; returns the new position. When
    /// <paramref name="outboxSeqs"/> is given, each alert's outbox sequence number is added to it, in order.
    /// </summary>
    long Append(IReadOnlyList<JournalEntry> entries, IReadOnlyList<EscalationAlert> toPublish, DateTimeOffset at, List<long>? outboxSeqs = null);

    /// <summary>Keeps a checkpoint inside this transaction (a new store's first state, or a test's).</summary>
    void Checkpoint(EngineSnapshot snapshot, long position);

    /// <summary>
    /// The alerts waiting to be published, oldest first, at most <paramref name="limit"/>; an alert that
    /// <paramref name="known"/> gives for its sequence number is taken from there instead of being read back from its
    /// JSON (the alerts this process committed, still in memory).
    /// </summary>
    IReadOnlyList<(long Seq, EscalationAlert Alert)> Outbox(int limit = int.MaxValue, Func<long, EscalationAlert?>? known = null);

    /// <summary>
    /// Removes every alert up to <paramref name="seq"/> from the outbox in one statement: the rows a drain read (the
    /// oldest, under the lock, so no other row is at or below the last of them) once the broker confirmed them all.
    /// </summary>
    void PublishedThrough(long seq);

    /// <summary>Writes the read model of the alert state in this transaction (see <see cref="ReadModelRows"/>).</summary>
    ReadModelWriter ReadModel { get; }
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

    /// <summary>
    /// The engine the store holds, as a snapshot: its checkpoint with every journal step after it replayed (what a
    /// process starting on the store would have), and the journal position; revision 0 and null for a new store.
    /// </summary>
    public static (long Revision, EngineSnapshot? Snapshot) Read(this IAlertStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var read = store.ReadAfter(-1);
        if (read.Checkpoint is null)
        {
            return (read.Revision, null);
        }

        var (engine, _, _) = read.ReplayOnto(null, -1, new StepClock(read.Checkpoint.Index.Since ?? DateTimeOffset.UnixEpoch));
        return (read.Revision, engine.Export());
    }

    /// <summary>Runs synchronous work under the write lock.</summary>
    public static T Write<T>(this IAlertStore store, Func<IAlertStoreSession, T> work)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(work);
        return store.WriteAsync(session => Task.FromResult(work(session))).GetAwaiter().GetResult();
    }
}

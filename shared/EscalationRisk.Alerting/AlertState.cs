using EscalationRisk.Contracts;
using Polly;

namespace EscalationRisk.Alerting;

/// <summary>
/// An alert engine kept in an <see cref="IAlertStore"/> that other processes may share: every change runs under the
/// store's write lock, first catching up with the journal entries other writers appended since (by position, never
/// by reloading everything), then appending its own steps with the alerts they decided. So an active and a standby
/// alert worker, or a worker and an API changing rules, each act on the latest state and never decide the same
/// transition twice. A commit costs what it appends, not what the engine holds: the whole engine is written only as
/// a checkpoint (into a temporary file under the lock, straight from the engine, then into the store in the
/// background), every <see cref="CheckpointEvery"/> steps or a quarter of the articles it holds,
/// whichever is more (so the checkpoints' cost per article stays the same as the state grows), or every
/// <see cref="CheckpointInterval"/> of running time while steps are appended.
/// </summary>
public sealed partial class AlertState : IDisposable
{
    /// <summary>How many journal steps between checkpoints.</summary>
    public const int CheckpointEvery = 2000;

    /// <summary>The longest running time (not the engine's clock, which a replay simulates) between checkpoints while steps are appended.</summary>
    public static readonly TimeSpan CheckpointInterval = TimeSpan.FromMinutes(5);

    private readonly IAlertStore _store;
    private readonly TimeProvider _clock;
    private readonly StepClock _engineClock;
    private readonly StepRecorder _recorder = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queueLock = new();
    private readonly Lock _drainLock = new();
    private readonly Lock _knownLock = new();
    private readonly Dictionary<long, EscalationAlert> _known = [];
    private readonly List<(long Seq, EscalationAlert Alert)> _appended = [];
    private Task<int> _drain = Task.FromResult(0);
    private bool _drainStarted = true;
    private List<IPending> _queue = [];
    private List<FoldedDrain> _foldedDrains = [];
    private Task? _flushing;
    private Task _checkpointing = Task.CompletedTask;
    private readonly ResiliencePipeline _retry;
    private AlertEngine _engine;
    private long _position = -1;
    private long _checkpointedAt;
    private long _lastCheckpoint = Environment.TickCount64;

    /// <summary>
    /// Opens the state in <paramref name="store"/> (owned from now on): the saved engine, or a new one with
    /// <paramref name="halfLife"/> and the shipped rules. A <paramref name="configuredRules"/> set replaces the saved
    /// rules (the operators' file has the last word at start-up) and is saved at once; with
    /// <paramref name="onlyWhenNew"/> it only seeds a new store.
    /// </summary>
    public AlertState(IAlertStore store, TimeProvider clock, TimeSpan halfLife, RuleSet? configuredRules = null, bool onlyWhenNew = false)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _engineClock = new StepClock(clock.GetUtcNow());
        _retry = StoreRetry.Create((exception, attempt, wait) =>
        {
            // What was applied in memory was not committed: reload before trying again.
            _position = -1;
            Retrying?.Invoke(exception, attempt, wait);
        });
        var rules = configuredRules ?? RuleSet.Default;
        _engine = NewEngine(new AlertEngine(new RiskIndex(halfLife), _engineClock, rules.IndexRules, rules.ArticleRules));
        store.Write(session =>
        {
            _engineClock.Now = clock.GetUtcNow();
            var read = session.ReadAfter(-1);
            if (read.Checkpoint is null && read.Entries.Count == 0)
            {
                // A new store: its first checkpoint is this engine, at position 0.
                session.Checkpoint(_engine.Export(), 0);
                session.ReadModel.Seed(_engine, _engineClock.Now);
                _position = 0;
                _checkpointedAt = 0;
                return true;
            }

            Sync(read);
            session.ReadModel.Seed(_engine, _engineClock.Now);
            if (configuredRules is not null && !onlyWhenNew)
            {
                Step(session, [new Pending<bool>(e => { e.SetRules(rules.IndexRules, rules.ArticleRules); return (true, true); }, null)]);
            }

            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the latest engine, evaluates the rules and saves the state with the alerts
    /// decided (into the outbox), all under the write lock; returns the change's result once that is committed.
    /// Whether anything is journaled is decided from what the engine reports (an article counted, rules or silences
    /// changed, an alert's state moved), not from the change's own <c>Changed</c> flag, which is no longer read.
    /// Changes that arrive while a commit is being written are applied together in the next one (group commit): under
    /// load, one transaction serves many articles. A change that throws fails alone.
    /// </summary>
    public Task<T> ApplyAsync<T>(Func<AlertEngine, (bool Changed, T Result)> change, CancellationToken cancellation = default) =>
        Enqueue(new Pending<T>(change, null), cancellation);

    /// <summary>
    /// As <see cref="ApplyAsync{T}"/>, with the step stamped <paramref name="at"/> instead of the clock's time when it
    /// is applied: for a replay on a simulated clock, whose changes may wait in a group while the clock moves on. The
    /// only writer must give times that never go back.
    /// </summary>
    public Task<T> ApplyAtAsync<T>(DateTimeOffset at, Func<AlertEngine, (bool Changed, T Result)> change, CancellationToken cancellation = default) =>
        Enqueue(new Pending<T>(change, at), cancellation);

    /// <summary>
    /// Raised after each commit, in order, for every step in it that decided alerts: the step's time and the alerts
    /// (also in the outbox). On the thread that committed; a handler must be quick.
    /// </summary>
    public event Action<DateTimeOffset, IReadOnlyList<EscalationAlert>>? Decided;

    private Task<T> Enqueue<T>(Pending<T> pending, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pending);
        lock (_queueLock)
        {
            _queue.Add(pending);
            _flushing ??= Task.Run(FlushAsync, CancellationToken.None);
        }

        return pending.Task.WaitAsync(cancellation);
    }

    /// <summary>Raised (on a background thread) when a checkpoint could not be spooled or written; the journal still holds everything.</summary>
    public event Action<Exception>? CheckpointFailed;

    /// <summary>Raised when a store transaction failed for a passing reason and will be tried again.</summary>
    public event Action<Exception, int, TimeSpan>? Retrying;

    /// <summary>How many changes the last commit carried (for tests and diagnostics).</summary>
    public int LastGroupSize { get; private set; }

    /// <summary>How many outbox rows one drain transaction publishes at most.</summary>
    public const int DrainBatch = 256;

    /// <summary>
    /// How many alerts this process committed and keeps in memory until they are drained, so a drain publishes them
    /// without reading them back from their JSON (beyond this, as for rows other processes committed, it reads them).
    /// </summary>
    public const int KnownAlerts = 4096;

    /// <summary>Keeps the alerts of a group just committed (with their outbox numbers) for the drain.</summary>
    private void Remember(List<(long Seq, EscalationAlert Alert)> appended)
    {
        lock (_knownLock)
        {
            foreach (var (seq, alert) in appended)
            {
                if (_known.Count >= KnownAlerts)
                {
                    break;
                }

                _known[seq] = alert;
            }
        }

        appended.Clear();
    }

    private EscalationAlert? Known(long seq)
    {
        lock (_knownLock)
        {
            return _known.GetValueOrDefault(seq);
        }
    }

    /// <summary>Forgets the alerts up to <paramref name="seq"/>: drained (or by another process, and read past).</summary>
    private void ForgetThrough(long seq)
    {
        lock (_knownLock)
        {
            if (_known.Count > 0)
            {
                foreach (var key in _known.Keys.Where(k => k <= seq).ToList())
                {
                    _known.Remove(key);
                }
            }
        }
    }

    private bool AnyKnown()
    {
        lock (_knownLock)
        {
            return _known.Count > 0;
        }
    }

    /// <summary>
    /// Publishes what the outbox holds, oldest first, up to <see cref="DrainBatch"/> rows in each locked transaction,
    /// which takes them out once all were confirmed, so two processes never send the same row and a burst of alerts
    /// costs one commit per batch, not one per alert. Alerts about the same <c>alertId</c> go out one after another in
    /// the order decided; different alerts go out together. <paramref name="publish"/> gets each alert with its outbox
    /// sequence number: the same for every attempt at sending that row (after a crash or a failed publish, by this or
    /// another process: a batch that fails is sent again whole), different for every decision (a repeat is a new row),
    /// so a message id can be derived from it. Returns how many were sent.
    /// Calls that come while a drain of this process runs share one drain that starts after it (with the
    /// <paramref name="publish"/> and cancellation of the first of them), which covers every row committed before
    /// any of them was made: under load every message of a group commit asks for a drain once its commit is done,
    /// and one drain serves them all instead of one each finding the outbox empty under the write lock. A call that
    /// comes while a group commit waits to be written is served by that commit's transaction, which publishes the
    /// rows committed before it, after its own steps (see <c>FoldedDrain</c>): under load the drain needs no
    /// transaction of its own.
    /// </summary>
    public Task<int> DrainAsync(Func<EscalationAlert, long, CancellationToken, Task> publish, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(publish);
        lock (_queueLock)
        {
            if (_flushing is not null && _queue.Count > 0)
            {
                // A group commit is waiting to be written: it drains first, in its own transaction, under the same lock,
                // so this drain needs no transaction of its own (see FoldedDrain).
                var folded = new FoldedDrain(publish);
                _foldedDrains.Add(folded);
                return folded.Completion.Task.WaitAsync(cancellation);
            }
        }

        return DrainApartAsync(publish, cancellation);
    }

    /// <summary>A drain in a transaction of its own (see <see cref="DrainAsync"/>).</summary>
    private Task<int> DrainApartAsync(Func<EscalationAlert, long, CancellationToken, Task> publish, CancellationToken cancellation)
    {
        Task<Task<int>> start;
        Task<int> drain;
        lock (_drainLock)
        {
            if (!_drainStarted)
            {
                // A drain is waiting for the running one to end: it has not read the outbox yet, so it covers this call.
                return _drain.WaitAsync(cancellation);
            }

            var previous = _drain;
            _drainStarted = false;
            start = new Task<Task<int>>(() => DrainAfterAsync(previous, publish, cancellation));
            drain = _drain = start.Unwrap();
        }

        // Started outside the lock: the drain reads the store.
        start.RunSynchronously();
        return drain;
    }

    private async Task<int> DrainAfterAsync(Task previous, Func<EscalationAlert, long, CancellationToken, Task> publish, CancellationToken cancellation)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The previous drain's failure is its callers'; this drain reads the outbox afresh.
        }

        lock (_drainLock)
        {
            _drainStarted = true;
        }

        return await DrainNowAsync(publish, cancellation).ConfigureAwait(false);
    }

    /// <summary>One drain of the outbox (see <see cref="DrainAsync"/>).</summary>
    private async Task<int> DrainNowAsync(Func<EscalationAlert, long, CancellationToken, Task> publish, CancellationToken cancellation)
    {
        var sent = 0;
        // Alerts this process committed and has not drained yet are in the outbox: no need to look.
        if (!AnyKnown() && !await _retry.ExecuteAsync(_ => ValueTask.FromResult(_store.OutboxWaiting()), cancellation).ConfigureAwait(false))
        {
            return 0;
        }

        while (true)
        {
            var batch = await _retry.ExecuteAsync(async token => await _store.WriteAsync(async session =>
            {
                var rows = session.Outbox(DrainBatch, Known);
                await PublishRows(rows, publish, token).ConfigureAwait(false);
                if (rows.Count > 0)
                {
                    // The oldest rows were read under the lock: none other is at or below the last of them.
                    session.PublishedThrough(rows[^1].Seq);
                    ForgetThrough(rows[^1].Seq);
                }
                else
                {
                    // Empty under the lock: what this process remembers was drained by another one.
                    ForgetThrough(long.MaxValue);
                }

                return rows.Count;
            }, token).ConfigureAwait(false), cancellation).ConfigureAwait(false);
            sent += batch;
            if (batch < DrainBatch)
            {
                return sent;
            }
        }
    }

    /// <summary>Publishes outbox rows: those about one alertId one after another in the order decided, others together.</summary>
    private static Task PublishRows(IReadOnlyList<(long Seq, EscalationAlert Alert)> rows, Func<EscalationAlert, long, CancellationToken, Task> publish, CancellationToken token) =>
        Task.WhenAll(rows.GroupBy(r => r.Alert.AlertId, StringComparer.Ordinal).Select(async alert =>
        {
            foreach (var (seq, row) in alert)
            {
                await publish(row, seq, token).ConfigureAwait(false);
            }
        }));

    /// <summary>
    /// Reads the latest committed engine without the write lock (for queries: rules, silences, indices, alerts),
    /// catching up with the journal first.
    /// The engine given to <paramref name="query"/> must not be changed.
    /// </summary>
    public T Query<T>(Func<AlertEngine, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        _gate.Wait();
        try
        {
            _engineClock.Now = _clock.GetUtcNow();
            Sync(_store.ReadAfter(_position));
            _engineClock.Now = _clock.GetUtcNow();
            return query(_engine);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The alerts decided, newest first.</summary>
    public IReadOnlyList<EscalationAlert> History(int limit) => _store.History(limit);

    /// <summary>The store, for the reads that need no engine (the articles counted, the texts kept).</summary>
    public IAlertStore Store => _store;

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _checkpointing.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // A checkpoint that failed is only a missed shortcut: the journal holds everything.
        }

        _gate.Dispose();
        _store.Dispose();
    }

    /// <summary>How many times the engine was restored from a checkpoint rather than brought up to date by position.</summary>
    public long Reloads { get; private set; }

    /// <summary>How many transactions appended to the journal (for tests and diagnostics).</summary>
    public long Commits { get; private set; }

    /// <summary>How far the engine in memory has read the journal (for tests and diagnostics).</summary>
    public long Position => _position;

    /// <summary>Writes a checkpoint now (for tests and benchmarks), waiting for it.</summary>
    public void Checkpoint()
    {
        _gate.Wait();
        try
        {
            using var spooled = _engine.SpoolCheckpoint();
            _store.WriteCheckpoint(spooled, _position);
            _checkpointedAt = _position;
            _lastCheckpoint = Environment.TickCount64;
        }
        finally
        {
            _gate.Release();
        }
    }

    private AlertEngine NewEngine(AlertEngine created)
    {
        created.Recorder = _recorder;
        return created;
    }
}

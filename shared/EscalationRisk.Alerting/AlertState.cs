using EscalationRisk.Contracts;
using Polly;

namespace EscalationRisk.Alerting;

/// <summary>
/// An alert engine kept in an <see cref="IAlertStore"/> that other processes may share: every change runs under the
/// store's write lock, first reloading the engine when another writer saved since (the revision moved on), then
/// saving the new state with the alerts it decided. So an active and a standby alert worker, or a worker and an API
/// changing rules, each act on the latest state and never decide the same transition twice.
/// </summary>
public sealed class AlertState : IDisposable
{
    private readonly IAlertStore store;
    private readonly TimeProvider clock;
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock queueLock = new();
    private List<IPending> queue = [];
    private Task? flushing;
    private readonly ResiliencePipeline retry;
    private AlertEngine engine;
    private long revision = -1;

    /// <summary>
    /// Opens the state in <paramref name="store"/> (owned from now on): the saved engine, or a new one with
    /// <paramref name="halfLife"/> and the shipped rules. A <paramref name="configuredRules"/> set replaces the saved
    /// rules (the operators' file has the last word at start-up) and is saved at once; with
    /// <paramref name="onlyWhenNew"/> it only seeds a new store.
    /// </summary>
    public AlertState(IAlertStore store, TimeProvider clock, TimeSpan halfLife, RuleSet? configuredRules = null, bool onlyWhenNew = false)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        retry = StoreRetry.Create((exception, attempt, wait) =>
        {
            // What was applied in memory was not committed: reload before trying again.
            revision = -1;
            Retrying?.Invoke(exception, attempt, wait);
        });
        var rules = configuredRules ?? RuleSet.Default;
        engine = new AlertEngine(new RiskIndex(halfLife), clock, rules.IndexRules, rules.ArticleRules);
        store.Write(session =>
        {
            Sync(session);
            if (session.Revision == 0 || (configuredRules is not null && !onlyWhenNew))
            {
                engine.SetRules(rules.IndexRules, rules.ArticleRules);
                SaveLocked(session, []);
            }

            return true;
        });
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the latest engine, evaluates the rules and saves the state with the alerts
    /// decided (into the outbox), all under the write lock; returns the change's result once that is committed.
    /// <paramref name="change"/> says whether it changed anything; nothing is saved when no change did and no alert
    /// was decided. Changes that arrive while a commit is being written are applied together in the next one (group
    /// commit): under load, one transaction and one snapshot serve many articles. A change that throws fails alone.
    /// </summary>
    public Task<T> ApplyAsync<T>(Func<AlertEngine, (bool Changed, T Result)> change, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        var pending = new Pending<T>(change);
        lock (queueLock)
        {
            queue.Add(pending);
            flushing ??= Task.Run(FlushAsync, CancellationToken.None);
        }

        return pending.Task.WaitAsync(cancellation);
    }

    /// <summary>Raised when a store transaction failed for a passing reason and will be tried again.</summary>
    public event Action<Exception, int, TimeSpan>? Retrying;

    /// <summary>How many changes the last commit carried (for tests and diagnostics).</summary>
    public int LastGroupSize { get; private set; }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<IPending> group;
            lock (queueLock)
            {
                if (queue.Count == 0)
                {
                    flushing = null;
                    return;
                }

                group = queue;
                queue = [];
            }

            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                await retry.ExecuteAsync(async token => await store.WriteAsync(session =>
                {
                    Sync(session);
                    var changed = false;
                    var decided = new List<EscalationAlert>();
                    foreach (var pending in group)
                    {
                        // Evaluated after each change, as if each had its own commit: a burst followed at once by a
                        // ceasefire in the same group still fires, then resolves.
                        changed |= pending.Apply(engine);
                        decided.AddRange(engine.Evaluate());
                    }

                    if (changed || decided.Count > 0)
                    {
                        SaveLocked(session, decided);
                    }

                    return Task.FromResult(true);
                }, token).ConfigureAwait(false)).ConfigureAwait(false);
                LastGroupSize = group.Count;
                foreach (var pending in group)
                {
                    pending.Commit();
                }
            }
            catch (Exception ex)
            {
                // The engine in memory may be ahead of what was committed: reload it before the next change.
                revision = -1;
                foreach (var pending in group)
                {
                    pending.Fail(ex);
                }
            }
            finally
            {
                gate.Release();
            }
        }
    }

    /// <summary>
    /// Publishes what the outbox holds, oldest first, each alert taken out in the same locked transaction that
    /// published it, so two processes never send the same row. <paramref name="publish"/> gets each alert with its
    /// outbox sequence number: the same for every attempt at sending that row (after a crash, by another process),
    /// different for every decision (a repeat is a new row), so a message id can be derived from it. Returns how many
    /// were sent.
    /// </summary>
    public async Task<int> DrainAsync(Func<EscalationAlert, long, CancellationToken, Task> publish, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var sent = 0;
        if (!await retry.ExecuteAsync(_ => ValueTask.FromResult(store.OutboxWaiting()), cancellation).ConfigureAwait(false))
        {
            return 0;
        }

        while (true)
        {
            var one = await retry.ExecuteAsync(async token => await store.WriteAsync(async session =>
            {
                var rows = session.Outbox(limit: 1);
                if (rows.Count == 0)
                {
                    return false;
                }

                await publish(rows[0].Alert, rows[0].Seq, token).ConfigureAwait(false);
                session.Published(rows[0].Seq);
                return true;
            }, token).ConfigureAwait(false), cancellation).ConfigureAwait(false);
            if (!one)
            {
                return sent;
            }

            sent++;
        }
    }

    /// <summary>
    /// Reads the latest committed engine without the write lock (for queries: rules, silences, indices, alerts).
    /// The engine given to <paramref name="query"/> must not be changed.
    /// </summary>
    public T Query<T>(Func<AlertEngine, T> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        gate.Wait();
        try
        {
            var (saved, snapshot) = store.Read();
            if (saved != revision && snapshot is not null)
            {
                engine = AlertEngine.Restore(snapshot, clock);
                revision = saved;
            }

            return query(engine);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The alerts decided, newest first.</summary>
    public IReadOnlyList<EscalationAlert> History(int limit) => store.History(limit);

    /// <inheritdoc />
    public void Dispose()
    {
        gate.Dispose();
        store.Dispose();
    }

    private void Sync(IAlertStoreSession session)
    {
        var saved = session.Revision;
        if (saved == revision)
        {
            return;
        }

        var snapshot = session.Load();
        if (snapshot is not null)
        {
            engine = AlertEngine.Restore(snapshot, clock);
        }

        revision = saved;
    }

    private void SaveLocked(IAlertStoreSession session, IReadOnlyList<EscalationAlert> decided)
    {
        session.Save(engine.Export(), decided, clock.GetUtcNow());
        revision = session.Revision;
    }

    private interface IPending
    {
        /// <summary>Applies the change; true when it changed the engine. A change that throws is marked failed.</summary>
        bool Apply(AlertEngine engine);

        void Commit();

        void Fail(Exception exception);
    }

    private sealed class Pending<T>(Func<AlertEngine, (bool Changed, T Result)> change) : IPending
    {
        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? failure;

        public Task<T> Task => completion.Task;

        public bool Apply(AlertEngine engine)
        {
            failure = null;
            try
            {
                (var changed, result) = change(engine);
                return changed;
            }
            catch (Exception ex)
            {
                failure = ex;
                return false;
            }
        }

        public void Commit()
        {
            if (failure is null)
            {
                completion.TrySetResult(result!);
            }
            else
            {
                completion.TrySetException(failure);
            }
        }

        public void Fail(Exception exception) => completion.TrySetException(exception);
    }
}

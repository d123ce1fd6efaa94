using EscalationRisk.Contracts;

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
    /// decided (into the outbox), all under the write lock. <paramref name="change"/> says whether it changed
    /// anything; nothing is saved when it did not and no alert was decided. Returns the change's result.
    /// </summary>
    public async Task<T> ApplyAsync<T>(Func<AlertEngine, (bool Changed, T Result)> change, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        await gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            return await store.WriteAsync(session =>
            {
                Sync(session);
                var (changed, result) = change(engine);
                var decided = engine.Evaluate();
                if (changed || decided.Count > 0)
                {
                    SaveLocked(session, decided);
                }

                return Task.FromResult(result);
            }, cancellation).ConfigureAwait(false);
        }
        catch
        {
            // The engine in memory may be ahead of what was committed: reload it before the next change.
            revision = -1;
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Publishes what the outbox holds, oldest first, each alert taken out in the same locked transaction that
    /// published it, so two processes never send the same row. Returns how many were sent.
    /// </summary>
    public async Task<int> DrainAsync(Func<EscalationAlert, CancellationToken, Task> publish, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var sent = 0;
        while (true)
        {
            var one = await store.WriteAsync(async session =>
            {
                var rows = session.Outbox(limit: 1);
                if (rows.Count == 0)
                {
                    return false;
                }

                await publish(rows[0].Alert, cancellation).ConfigureAwait(false);
                session.Published(rows[0].Seq);
                return true;
            }, cancellation).ConfigureAwait(false);
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
}

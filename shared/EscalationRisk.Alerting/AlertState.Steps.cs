using EscalationRisk.Contracts;
using Polly;

namespace EscalationRisk.Alerting;

/// <summary>Group commits: the changes waiting, each applied at its own time and journaled, and the checkpoints written in the background.</summary>
public sealed partial class AlertState
{
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
                var steps = await retry.ExecuteAsync(async token => await store.WriteAsync(session =>
                {
                    Sync(session.ReadAfter(position));
                    return Task.FromResult(Step(session, group));
                }, token).ConfigureAwait(false)).ConfigureAwait(false);
                MaybeCheckpoint();
                LastGroupSize = group.Count;
                if (Decided is { } decided)
                {
                    foreach (var (at, alerts) in steps)
                    {
                        decided(at, alerts);
                    }
                }

                foreach (var pending in group)
                {
                    pending.Commit();
                }
            }
            catch (Exception ex)
            {
                // The engine in memory may be ahead of what was committed: reload it before the next change.
                position = -1;
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

    /// <summary>Brings the engine up to the store: from the checkpoint when the read starts there, then each entry.</summary>
    private void Sync(JournalRead read)
    {
        engine.Recorder = null;
        var (replayed, reached, restored) = read.ReplayOnto(engine, position, engineClock);
        engine = replayed;
        engine.Recorder = recorder;
        position = reached < 0 ? read.Revision : reached;
        if (restored)
        {
            Reloads++;
        }
    }

    /// <summary>
    /// Applies each change at its own time and evaluates after it, as if each had its own commit (a burst followed at
    /// once by a ceasefire in the same group still fires, then resolves), and appends one journal step for each that
    /// changed anything, with the alerts decided.
    /// </summary>
    private List<(DateTimeOffset At, IReadOnlyList<EscalationAlert> Alerts)> Step(IAlertStoreSession session, IReadOnlyList<IPending> group)
    {
        var entries = new List<JournalEntry>();
        var decided = new List<EscalationAlert>();
        var steps = new List<(DateTimeOffset, IReadOnlyList<EscalationAlert>)>();
        foreach (var pending in group)
        {
            var at = pending.At ?? clock.GetUtcNow();
            engineClock.Now = at;
            recorder.Clear();
            var before = engine.EpisodeDigest();
            pending.Apply(engine);
            var alerts = engine.Evaluate();
            if (recorder.Any || alerts.Count > 0 || engine.EpisodeDigest() != before)
            {
                entries.Add(recorder.Entry(at));
                decided.AddRange(alerts);
                if (alerts.Count > 0)
                {
                    steps.Add((at, alerts));
                }
            }
        }

        recorder.Clear();
        if (entries.Count > 0)
        {
            position = session.Append(entries, decided, entries[^1].At);
            Commits++;
        }

        return steps;
    }

    /// <summary>Every so many steps or minutes, the whole engine as a checkpoint, written in the background.</summary>
    private void MaybeCheckpoint()
    {
        var now = Environment.TickCount64;
        if (!checkpointing.IsCompleted || position <= checkpointedAt
            || (position - checkpointedAt < Math.Max(CheckpointEvery, engine.ArticlesHeld / 4) && now - lastCheckpoint < (long)CheckpointInterval.TotalMilliseconds))
        {
            return;
        }

        var snapshot = engine.Export();
        var at = position;
        checkpointedAt = at;
        lastCheckpoint = now;
        checkpointing = Task.Run(() =>
        {
            try
            {
                store.WriteCheckpoint(snapshot, at);
            }
            catch (Exception ex)
            {
                // Only a missed shortcut: the journal holds everything, and the next checkpoint is tried later.
                CheckpointFailed?.Invoke(ex);
            }
        });
    }

    private interface IPending
    {
        /// <summary>The step's time when given (a replay), else the clock's when it is applied.</summary>
        DateTimeOffset? At { get; }

        /// <summary>Applies the change; a change that throws is marked failed.</summary>
        void Apply(AlertEngine engine);

        void Commit();

        void Fail(Exception exception);
    }

    private sealed class Pending<T>(Func<AlertEngine, (bool Changed, T Result)> change, DateTimeOffset? at) : IPending
    {
        public DateTimeOffset? At { get; } = at;

        private readonly TaskCompletionSource<T> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? result;
        private Exception? failure;

        public Task<T> Task => completion.Task;

        public void Apply(AlertEngine engine)
        {
            failure = null;
            try
            {
                (_, result) = change(engine);
            }
            catch (Exception ex)
            {
                failure = ex;
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

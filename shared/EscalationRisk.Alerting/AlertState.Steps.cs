using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Group commits: the changes waiting, each applied at its own time and journaled, and the checkpoints written in the background.</summary>
public sealed partial class AlertState
{
    private async Task FlushAsync()
    {
        while (true)
        {
            List<IPending>? group = null;
            List<FoldedDrain> drains;
            lock (_queueLock)
            {
                drains = _foldedDrains;
                _foldedDrains = [];
                if (_queue.Count == 0)
                {
                    _flushing = null;
                }
                else
                {
                    group = _queue;
                    _queue = [];
                }
            }

            if (group is null)
            {
                // Drains asked for after the last group was taken: in a transaction of their own.
                DrainApart(drains, 0);
                return;
            }

            await _gate.WaitAsync().ConfigureAwait(false);
            var drained = new FoldedOutcome();
            try
            {
                var steps = await _retry.ExecuteAsync(async token => await _store.WriteAsync(async session =>
                {
                    Sync(session.ReadAfter(_position));

                    // The rows committed before this transaction, read under its lock; published once its steps are
                    // written, just before it commits, so the time between the broker confirming them and their
                    // delete being durable is as short as in a drain of its own (a process killed in between sends
                    // them again, with the same ids, through the next drain).
                    var rows = drains.Count > 0 ? session.Outbox(DrainBatch, Known) : null;
                    var steps = Step(session, group);
                    if (rows is not null)
                    {
                        await DrainInside(session, rows, drains[0].Publish, drained, token).ConfigureAwait(false);
                    }

                    return steps;
                }, token).ConfigureAwait(false)).ConfigureAwait(false);
                MaybeCheckpoint();
                if (drains.Count > 0 && drained.Failure is null)
                {
                    // Before this group's alerts are remembered: an outbox found empty under the lock forgets all before them.
                    ForgetThrough(drained.Count > 0 ? drained.Through : long.MaxValue);
                }

                Remember(_appended);
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

                CompleteFolded(drains, drained);
            }
            catch (Exception ex)
            {
                // The engine in memory may be ahead of what was committed: reload it before the next change.
                _position = -1;
                foreach (var pending in group)
                {
                    pending.Fail(ex);
                }

                // The drain was rolled back with the group (what it published goes out again, with the same ids).
                DrainApart(drains, 0);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// A drain asked for while a group commit waits to be written (under load, every message of the group before
    /// asks for one once its commit is done): the group's transaction publishes the outbox too, under the same lock,
    /// and takes out what the broker confirmed, so the drain needs no transaction, lock and fsync of its own. The rows
    /// are read and sent under the store's write lock, as by a drain of its own, so no other process sends them too.
    /// </summary>
    private sealed class FoldedDrain(Func<EscalationAlert, long, CancellationToken, Task> publish)
    {
        public Func<EscalationAlert, long, CancellationToken, Task> Publish { get; } = publish;

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>What a drain inside a group commit did: how many rows it sent, up to which, or why it sent none.</summary>
    private sealed class FoldedOutcome
    {
        public int Count { get; set; }

        public long Through { get; set; }

        public Exception? Failure { get; set; }
    }

    /// <summary>
    /// Inside a group commit's transaction, after its steps: publishes the oldest outbox rows (up to
    /// <see cref="DrainBatch"/>, read at the transaction's start, so none of this group's) and deletes them once all
    /// were confirmed. A publish that fails leaves the rows in the outbox and is reported to the drains' callers; the
    /// group's own steps are committed all the same (an article never waits for the broker to be counted).
    /// </summary>
    private static async Task DrainInside(IAlertStoreSession session, IReadOnlyList<(long Seq, EscalationAlert Alert)> rows, Func<EscalationAlert, long, CancellationToken, Task> publish, FoldedOutcome outcome, CancellationToken token)
    {
        (outcome.Count, outcome.Through, outcome.Failure) = (0, 0, null);
        try
        {
            await PublishRows(rows, publish, token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            outcome.Failure = ex;
            return;
        }

        if (rows.Count > 0)
        {
            session.PublishedThrough(rows[^1].Seq);
            (outcome.Count, outcome.Through) = (rows.Count, rows[^1].Seq);
        }
    }

    /// <summary>Completes the drains a group commit served; a full batch (more may wait) is followed by a drain of its own.</summary>
    private void CompleteFolded(List<FoldedDrain> drains, FoldedOutcome outcome)
    {
        if (drains.Count == 0)
        {
            return;
        }

        if (outcome.Failure is { } failure)
        {
            foreach (var drain in drains)
            {
                drain.Completion.TrySetException(failure);
            }
        }
        else if (outcome.Count >= DrainBatch)
        {
            DrainApart(drains, outcome.Count);
        }
        else
        {
            foreach (var drain in drains)
            {
                drain.Completion.TrySetResult(outcome.Count);
            }
        }
    }

    /// <summary>Serves <paramref name="drains"/> by a drain in a transaction of its own (shared as any), adding <paramref name="sent"/>.</summary>
    private void DrainApart(List<FoldedDrain> drains, int sent)
    {
        if (drains.Count == 0)
        {
            return;
        }

        _ = CompleteAsync();

        async Task CompleteAsync()
        {
            try
            {
                var more = await DrainApartAsync(drains[0].Publish, CancellationToken.None).ConfigureAwait(false);
                foreach (var drain in drains)
                {
                    drain.Completion.TrySetResult(sent + more);
                }
            }
            catch (Exception ex)
            {
                foreach (var drain in drains)
                {
                    drain.Completion.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Brings the engine up to the store: from the checkpoint when the read starts there, then each entry.</summary>
    private void Sync(JournalRead read)
    {
        _engine.Recorder = null;
        var (replayed, reached, restored) = read.ReplayOnto(_engine, _position, _engineClock);
        _engine = replayed;
        _engine.Recorder = _recorder;
        _position = reached < 0 ? read.Revision : reached;
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
        _recorder.StartGroup();
        _appended.Clear();
        foreach (var pending in group)
        {
            var at = pending.At ?? _clock.GetUtcNow();
            _engineClock.Now = at;
            _recorder.Clear();
            var before = _engine.EpisodeDigest();
            pending.Apply(_engine);
            var alerts = _engine.Evaluate();
            _recorder.Note(_engine, at);
            if (_recorder.Any || alerts.Count > 0 || _engine.EpisodeDigest() != before)
            {
                entries.Add(_recorder.Entry(at));
                decided.AddRange(alerts);
                if (alerts.Count > 0)
                {
                    steps.Add((at, alerts));
                }
            }
        }

        _recorder.Clear();
        if (entries.Count > 0)
        {
            var seqs = new List<long>(decided.Count);
            _position = session.Append(entries, decided, entries[^1].At, seqs);
            for (var i = 0; i < seqs.Count; i++)
            {
                _appended.Add((seqs[i], decided[i]));
            }

            _recorder.WriteReadModel(session, _engine, entries[^1].At);
            Commits++;
        }

        return steps;
    }

    /// <summary>
    /// Every so many steps or minutes, the whole engine as a checkpoint: written as JSON straight from the engine into
    /// a temporary file while the lock is held (the engine must not change meanwhile; a copy of it to write from
    /// instead would double what the process holds), then handed to the store in the background.
    /// </summary>
    private void MaybeCheckpoint()
    {
        var now = Environment.TickCount64;
        if (!_checkpointing.IsCompleted || _position <= _checkpointedAt
            || (_position - _checkpointedAt < Math.Max(CheckpointEvery, _engine.ArticlesHeld / 4) && now - _lastCheckpoint < (long)CheckpointInterval.TotalMilliseconds))
        {
            return;
        }

        var at = _position;
        _checkpointedAt = at;
        _lastCheckpoint = now;
        SpooledParts spooled;
        try
        {
            spooled = _engine.SpoolCheckpoint();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a missed shortcut (a full temporary disk, say): the journal holds everything, and the steps were committed.
            CheckpointFailed?.Invoke(ex);
            return;
        }

        _checkpointing = Task.Run(() =>
        {
            using (spooled)
            {
                try
                {
                    _store.WriteCheckpoint(spooled, at);
                }
                catch (Exception ex)
                {
                    // Only a missed shortcut: the journal holds everything, and the next checkpoint is tried later.
                    CheckpointFailed?.Invoke(ex);
                }
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

        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _failure;

        public Task<T> Task => _completion.Task;

        public void Apply(AlertEngine engine)
        {
            _failure = null;
            try
            {
                (_, _result) = change(engine);
            }
            catch (Exception ex)
            {
                _failure = ex;
            }
        }

        public void Commit()
        {
            if (_failure is null)
            {
                _completion.TrySetResult(_result!);
            }
            else
            {
                _completion.TrySetException(_failure);
            }
        }

        public void Fail(Exception exception) => _completion.TrySetException(exception);
    }
}

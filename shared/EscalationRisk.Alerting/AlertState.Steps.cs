using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>Group commits: the changes waiting, each applied at its own time and journaled, and the checkpoints written in the background.</summary>
public sealed partial class AlertState
{
    private async Task FlushAsync()
    {
        while (true)
        {
            List<IPending> group;
            lock (_queueLock)
            {
                if (_queue.Count == 0)
                {
                    _flushing = null;
                    return;
                }

                group = _queue;
                _queue = [];
            }

            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var steps = await _retry.ExecuteAsync(async token => await _store.WriteAsync(session =>
                {
                    Sync(session.ReadAfter(_position));
                    return Task.FromResult(Step(session, group));
                }, token).ConfigureAwait(false)).ConfigureAwait(false);
                MaybeCheckpoint();
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
            }
            catch (Exception ex)
            {
                // The engine in memory may be ahead of what was committed: reload it before the next change.
                _position = -1;
                foreach (var pending in group)
                {
                    pending.Fail(ex);
                }
            }
            finally
            {
                _gate.Release();
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

using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>A scope's sums at its last contribution, its baseline when written, and when it was written.</summary>
internal sealed record ScopeRow(AlertScope Scope, double Pressure, double Effort, DateTimeOffset UpdatedAt, Baseline? Baseline, DateTimeOffset WrittenAt);

/// <summary>What a group of steps changed in the read model (see <see cref="ReadModelRows"/>), the latest of each.</summary>
internal sealed class ReadModelChanges
{
    /// <summary>The scopes touched, as they are after the group.</summary>
    public Dictionary<AlertScope, ScopeRow> Scopes { get; } = [];

    /// <summary>The history samples: a scope's state after its last step in each minute.</summary>
    public Dictionary<(AlertScope Scope, long Minute), ScopeRow> Samples { get; } = [];

    /// <summary>The alerts that changed, by id: as open now, or null when ended.</summary>
    public Dictionary<string, (string Rule, AlertScope Scope, OpenAlert? Open)> Alerts { get; } = new(StringComparer.Ordinal);

    /// <summary>The rules, when they changed.</summary>
    public RuleSet? Rules { get; set; }

    /// <summary>The silences, when they changed.</summary>
    public IReadOnlyList<Silence>? Silences { get; set; }

    /// <summary>Notes a scope's row and its sample for the minute it was written in.</summary>
    public void Scope(ScopeRow row)
    {
        Scopes[row.Scope] = row;
        Samples[(row.Scope, ReadModelRows.MinuteOf(row.WrittenAt))] = row;
    }

    public void Clear()
    {
        Scopes.Clear();
        Samples.Clear();
        Alerts.Clear();
        Rules = null;
        Silences = null;
    }
}

/// <summary>The read model's part of the recorder: which scopes and alerts each step changed, gathered over a group commit.</summary>
internal sealed partial class StepRecorder
{
    private readonly HashSet<(string Rule, AlertScope Scope)> _episodes = [];
    private readonly ReadModelChanges _changes = new();

    public void EpisodeChanged(string rule, AlertScope scope) => _episodes.Add((rule, scope));

    /// <summary>Forgets what an earlier attempt at a group gathered (a commit that failed is applied again whole).</summary>
    public void StartGroup()
    {
        _episodes.Clear();
        _changes.Clear();
    }

    /// <summary>
    /// After a step's evaluation, notes what it changed: the scopes its articles count in, the alerts it opened,
    /// moved or ended (only those: the cost does not grow with the alerts open), the rules and silences.
    /// </summary>
    public void Note(AlertEngine engine, DateTimeOffset at)
    {
        foreach (var article in _observed)
        {
            foreach (var scope in RiskIndex.ScopesOf(article))
            {
                _changes.Scope(engine.ScopeRowAt(scope, at));
            }
        }

        foreach (var (rule, scope) in _episodes)
        {
            _changes.Alerts[AlertEngine.Fingerprint(rule, scope)] = (rule, scope, engine.OpenOf(rule, scope, at));
        }

        _episodes.Clear();
        if (_rules is not null)
        {
            _changes.Rules = new RuleSet(_rules, _articleRules ?? []);
        }

        if (_silences is not null)
        {
            _changes.Silences = _silences;
        }
    }

    /// <summary>Writes what the group changed into the read model, in the transaction that journals it, then forgets it.</summary>
    public void WriteReadModel(IAlertStoreSession session, AlertEngine engine, DateTimeOffset at)
    {
        session.ReadModel.Write(_changes, engine, at);
        _changes.Clear();
    }
}

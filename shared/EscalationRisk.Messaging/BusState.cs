namespace EscalationRisk.Messaging;

/// <summary>The bus's start-up phase, shared by the lifetime service and the health check.</summary>
public sealed class BusState
{
    private volatile BusPhaseSnapshot _snapshot = new(BusPhase.Starting, "not started");

    /// <summary>The current phase and its description.</summary>
    public BusPhaseSnapshot Current => _snapshot;

    internal void Set(BusPhase phase, string description) => _snapshot = new BusPhaseSnapshot(phase, description);
}

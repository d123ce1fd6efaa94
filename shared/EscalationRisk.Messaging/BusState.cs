namespace EscalationRisk.Messaging;

/// <summary>Where the bus is in its start-up, for the readiness check and the logs.</summary>
public enum BusPhase
{
    /// <summary>Not started yet.</summary>
    Starting,

    /// <summary>Trying to reach the broker.</summary>
    Connecting,

    /// <summary>The bus is started and its endpoints are consuming.</summary>
    Started,

    /// <summary>Start-up gave up (wrong credentials, broker unreachable after every attempt); the reason says why.</summary>
    Failed,

    /// <summary>The bus was stopped (shutdown).</summary>
    Stopped,
}

/// <summary>The bus's start-up phase, shared by the lifetime service and the health check.</summary>
public sealed class BusState
{
    private volatile BusPhaseSnapshot snapshot = new(BusPhase.Starting, "not started");

    /// <summary>The current phase and its description.</summary>
    public BusPhaseSnapshot Current => snapshot;

    internal void Set(BusPhase phase, string description) => snapshot = new BusPhaseSnapshot(phase, description);
}

/// <summary>A phase with a description a person can read.</summary>
public sealed record BusPhaseSnapshot(BusPhase Phase, string Description);

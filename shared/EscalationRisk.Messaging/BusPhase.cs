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

namespace EscalationRisk.Messaging;

/// <summary>How a worker process ends, for supervisors and operators.</summary>
public static class ExitCodes
{
    /// <summary>Stopped on request (SIGTERM), every message in flight finished.</summary>
    public const int Ok = 0;

    /// <summary>The watchdog found a queue of this worker holding messages with no consumer: restart the process.</summary>
    public const int NotConsuming = 3;
}

namespace EscalationRisk.Messaging;

/// <summary>Whether a host (the Api, the command line's live replay) runs the scoring and alert workers itself.</summary>
public enum WorkerHostingMode
{
    /// <summary>This process hosts the scoring and alerting consumers: the whole pipeline in one process.</summary>
    InProcess,

    /// <summary>The workers run as their own services; this process only publishes articles and reads the shared state.</summary>
    Separate,
}

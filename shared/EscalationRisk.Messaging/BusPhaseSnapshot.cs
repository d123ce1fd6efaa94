namespace EscalationRisk.Messaging;

/// <summary>A phase with a description a person can read.</summary>
public sealed record BusPhaseSnapshot(BusPhase Phase, string Description);

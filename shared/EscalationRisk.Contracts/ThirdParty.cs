namespace EscalationRisk.Contracts;

/// <summary>A state or organisation that takes part without being a party, and how.</summary>
/// <param name="Code">The actor's code.</param>
/// <param name="Role">Mediator, host, caller for calm or commentator.</param>
public sealed record ThirdParty(string Code, ThirdPartyRole Role);

namespace EscalationRisk.Api.Security;

/// <summary>Endpoint metadata: the request needs the bearer token before anything of it is read.</summary>
internal sealed class TokenRequired;

namespace EscalationRisk.Contracts;

/// <summary>The subject of an alert.</summary>
/// <param name="Kind">Dyad, country, global or article.</param>
/// <param name="Key">e.g. <c>IRN-USA</c>, <c>IRN</c>, <c>global</c>, or an article id.</param>
public sealed record AlertScope(ScopeKind Kind, string Key);

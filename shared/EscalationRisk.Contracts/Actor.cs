namespace EscalationRisk.Contracts;

/// <summary>An actor named in the article, resolved to a code.</summary>
/// <param name="Code">ISO 3166-1 alpha-3 for states; a documented code for organisations and armed groups.</param>
/// <param name="Name">The English display name.</param>
/// <param name="Mentions">How many times the article names the actor (any form: capital, leader, ministry).</param>
public sealed record Actor(string Code, string Name, int Mentions);

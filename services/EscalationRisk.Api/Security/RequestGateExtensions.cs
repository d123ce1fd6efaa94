namespace EscalationRisk.Api.Security;

/// <summary>The builder's side of the gate: marks endpoints.</summary>
internal static class RequestGateExtensions
{
    /// <summary>Every endpoint of the builder needs the token, checked before the body is read.</summary>
    public static TBuilder RequireToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new TokenRequired());

    /// <summary>The endpoint takes a JSON body of at most <paramref name="maxBytes"/>.</summary>
    public static TBuilder AcceptsJson<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new JsonBody(maxBytes));
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EscalationRisk.Api;

/// <summary>The bearer token in force: the configured one, or one made at start when none is configured.</summary>
public sealed class ApiToken
{
    private readonly byte[] expectedHash;

    /// <summary>Resolves the token from the options.</summary>
    public ApiToken(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.Token;
        Generated = string.IsNullOrWhiteSpace(configured);
        Value = Generated ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : configured!.Trim();
        expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
    }

    /// <summary>The token.</summary>
    public string Value { get; }

    /// <summary>True when no token was configured and this one was made at start.</summary>
    public bool Generated { get; }

    /// <summary>Compares in constant time (hashes of equal length, so the length leaks nothing either).</summary>
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), expectedHash);
}

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c>: 401 with <c>WWW-Authenticate: Bearer</c> without one, 403
/// with a wrong one, both as RFC 7807 problem details.
/// </summary>
internal sealed class BearerTokenFilter(ApiToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "authentication required",
                detail: "this request needs an Authorization: Bearer token (Api__Token)");
        }

        if (!token.Matches(header[Scheme.Length..].Trim()))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "forbidden", detail: "the bearer token is not the one configured");
        }

        return await next(context).ConfigureAwait(false);
    }
}

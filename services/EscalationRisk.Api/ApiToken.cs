using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace EscalationRisk.Api;

/// <summary>The bearer token in force: the configured one, or one made at start when none is configured.</summary>
public sealed class ApiToken
{
    private readonly byte[] _expectedHash;

    /// <summary>Resolves the token from the options.</summary>
    public ApiToken(IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.Token;
        Generated = string.IsNullOrWhiteSpace(configured);
        Value = Generated ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : configured!.Trim();
        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(Value));
    }

    /// <summary>The token.</summary>
    public string Value { get; }

    /// <summary>True when no token was configured and this one was made at start.</summary>
    public bool Generated { get; }

    /// <summary>Compares in constant time (hashes of equal length, so the length leaks nothing either).</summary>
    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expectedHash);
}

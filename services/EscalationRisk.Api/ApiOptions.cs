namespace EscalationRisk.Api;

/// <summary>The <c>Api</c> configuration section.</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The largest body <c>PUT /api/rules/{name}</c> reads: one rule is a few hundred bytes.</summary>
    public const int MaxRuleBytes = 16 * 1024;

    /// <summary>The largest body <c>POST /api/silences</c> reads.</summary>
    public const int MaxSilenceBytes = 4 * 1024;

    /// <summary>
    /// The bearer token every change needs (<c>Authorization: Bearer ...</c>). Empty: a random one is made at start
    /// and printed once, so a fresh machine works and nothing is left open; set it in any shared deployment.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>When true, reads need the token too.</summary>
    public bool ProtectReads { get; set; }

    /// <summary>
    /// A file or folder of articles (as for the CLI's <c>--in</c>) published once the bus has started. Unset in the
    /// one-process mode: the bundled sample articles (<see cref="BundledSamples"/>); <c>none</c> (or empty): nothing.
    /// </summary>
    public string? ReplayOnStart { get; set; }

    /// <summary>The team's sample articles, copied beside the Api (<c>samples/</c> in the repository).</summary>
    public static string BundledSamples => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>The largest article body accepted, in UTF-8 bytes.</summary>
    public int MaxBodyBytes { get; set; } = Contracts.ArticleParser.DefaultMaxBodyBytes;
}

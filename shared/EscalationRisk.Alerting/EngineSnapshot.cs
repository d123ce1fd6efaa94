using System.Text.Json;
using System.Text.Json.Serialization;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Everything an alert engine knows, as plain data: rules, silences, the risk index with the ids it has counted, and
/// every open episode with what was already sent. A store writes it after each change and the engine is restored
/// from it after a restart, so a restart neither fires twice nor loses a resolve.
/// </summary>
public sealed record EngineSnapshot(
    IReadOnlyList<AlertRule> Rules,
    IReadOnlyList<ArticleRule> ArticleRules,
    IReadOnlyList<Silence> Silences,
    IndexSnapshot Index,
    IReadOnlyList<EpisodeSnapshot> Episodes,
    IReadOnlyList<ArticleEpisodeSnapshot> ArticleEpisodes)
{
    private static readonly JsonSerializerOptions Json = new(ContractJson.Options) { WriteIndented = false };

    /// <summary>The snapshot as JSON (the store's format).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a snapshot written by <see cref="ToJson"/>.</summary>
    public static EngineSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<EngineSnapshot>(json, Json) ?? throw new FormatException("empty engine snapshot");
}

/// <summary>The risk index as data.</summary>
/// <param name="Since">When the index first counted an article (absent in the previous release's snapshots).</param>
public sealed record IndexSnapshot(TimeSpan HalfLife, TimeSpan Memory, IReadOnlyList<ScopeSnapshot> Scopes, IReadOnlyList<SeenId> Articles, DateTimeOffset? Since = null);

/// <summary>One scope of the index: both sums, the ids counted, the contributions kept, and the hourly pressure samples.</summary>
/// <param name="Sum">The previous release's single signed sum; only read, to migrate (see <see cref="RiskIndex.Import"/>).</param>
public sealed record ScopeSnapshot(
    AlertScope Scope,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<SeenId> Stories,
    IReadOnlyList<ContributionSnapshot> Recent,
    double Pressure = 0,
    double Effort = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Sum = null,
    DateTimeOffset? FirstSeen = null,
    DateTimeOffset? HourlyFrom = null,
    IReadOnlyList<double>? Hourly = null);

/// <summary>An id counted at a time (articles, stories).</summary>
public sealed record SeenId(string Id, DateTimeOffset At);

/// <summary>An article's contribution to a scope, kept for evidence and history (the previous release wrote one signed "points").</summary>
public sealed record ContributionSnapshot(ArticleScored Article, DateTimeOffset At, double Pressure = 0, double Effort = 0);

/// <summary>An open episode of an index rule about a scope.</summary>
public sealed record EpisodeSnapshot(string Rule, AlertScope Scope, AlertPhase Phase, DateTimeOffset Since, DateTimeOffset StartsAt, bool Sent, DateTimeOffset LastSent);

/// <summary>An open episode of an article rule.</summary>
public sealed record ArticleEpisodeSnapshot(string Rule, ArticleScored Article, IReadOnlyList<Signal> Matching, DateTimeOffset StartsAt, bool Sent);

namespace EscalationRisk.Api.Security;

/// <summary>The <c>Api:RateLimit</c> section: per-client token buckets for the endpoints that cost CPU.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a second one client may make to <c>POST /api/score</c> (0: no limit).</summary>
    public int ScorePerSecond { get; set; } = 5;

    /// <summary>The burst a client may spend at once on <c>/api/score</c>.</summary>
    public int ScoreBurst { get; set; } = 20;

    /// <summary>Requests a second one client may make to <c>POST /api/articles</c> (0: no limit).</summary>
    public int ArticlesPerSecond { get; set; } = 200;

    /// <summary>The burst a client may spend at once on <c>/api/articles</c>.</summary>
    public int ArticlesBurst { get; set; } = 1000;
}

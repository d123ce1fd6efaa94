using System.Globalization;
using System.Threading.RateLimiting;

namespace EscalationRisk.Api.Security;

/// <summary>
/// ASP.NET Core rate limiting for <c>/api/score</c> and <c>/api/articles</c>, partitioned by client address: a
/// request over the limit gets 429 with <c>Retry-After</c> (seconds) and a problem body. Behind a proxy the client
/// address is the proxy's unless forwarded headers are configured (see the README).
/// </summary>
internal static class RateLimits
{
    public const string Score = "score";
    public const string Articles = "articles";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection($"{ApiOptions.Section}:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Score, http => Bucket(http, options.ScorePerSecond, options.ScoreBurst));
            limiter.AddPolicy(Articles, http => Bucket(http, options.ArticlesPerSecond, options.ArticlesBurst));
            limiter.OnRejected = async (rejected, cancellation) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "too many requests",
                    detail: $"this client is over its rate limit for this endpoint; retry after {seconds} s").ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
    }

    private static RateLimitPartition<string> Bucket(HttpContext http, int perSecond, int burst)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return perSecond <= 0
            ? RateLimitPartition.GetNoLimiter(client)
            : RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, burst),
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }
}

using EscalationRisk.Messaging;
using EscalationRisk.Scoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationRisk.ScoringWorker;

/// <summary>Everything the scoring worker needs, for its own host and for the embedded one-process pipeline.</summary>
public static class ScoringWorkerRegistration
{
    /// <summary>
    /// Registers the scorer (lexicon, gazetteer and model loaded once, shared by every consumer; each thread keeps
    /// its own scratch state) and the bus with the scoring consumer on <c>articles</c>.
    /// </summary>
    public static IServiceCollection AddScoringWorker(this IServiceCollection services, IConfiguration configuration, Action<MessagingBuilder>? more = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => new ArticleScorer());
        services.AddEscalationRiskMessaging(configuration, bus =>
        {
            bus.ConsumeArticles<ScoreArticleConsumer>().Publishes<Contracts.ArticleScored>();
            more?.Invoke(bus);
        });
        return services;
    }
}

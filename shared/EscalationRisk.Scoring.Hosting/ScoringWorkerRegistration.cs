using EscalationRisk.Messaging;
using EscalationRisk.Scoring;
using MassTransit;
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

    /// <summary>
    /// Warms the scoring path up before the bus starts (<see cref="ScoringWarmUp"/>), for the scoring worker's own
    /// process: <c>Scoring:WarmUp:MaxTime</c> bounds it, zero turns it off. Not for the one-process hosts, which
    /// would pay for it at every start.
    /// </summary>
    public static IServiceCollection AddScoringWarmUp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Scoring:WarmUp").Get<ScoringWarmUpOptions>() ?? new ScoringWarmUpOptions();
        services.AddSingleton(options);
        services.AddSingleton<IWarmUp, ScoringWarmUp>();
        services.AddMediator(mediator => mediator.AddConsumer<ScoreArticleConsumer>());
        return services;
    }
}

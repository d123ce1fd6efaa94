using EscalationRisk.Messaging;

namespace EscalationRisk.AlertWorker;

/// <summary>Everything the alert worker needs, for its own host and for tests.</summary>
public static class AlertWorkerRegistration
{
    /// <summary>The alert worker's queue on <c>article-scored</c>: single active consumer, standbys wait.</summary>
    public const string Queue = "alert-worker";

    /// <summary>Registers the alert engine, its evaluation timer and the bus with the consumer.</summary>
    public static IServiceCollection AddAlertWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertingOptions>().Bind(configuration.GetSection(AlertingOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AlertService>();
        services.AddHostedService<EvaluationLoop>();
        services.AddEscalationRiskMessaging(configuration, bus => bus.ConsumeScoredExclusively<ScoredArticleConsumer>(Queue));
        return services;
    }
}

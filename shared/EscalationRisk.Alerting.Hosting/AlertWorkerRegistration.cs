using EscalationRisk.Alerting;
using EscalationRisk.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EscalationRisk.AlertWorker;

/// <summary>Everything the alert worker needs, for its own host, for tests and for one-process hosts.</summary>
public static class AlertWorkerRegistration
{
    /// <summary>The alert worker's queue on <c>article-scored</c>: single active consumer, standbys wait.</summary>
    public const string Queue = "alert-worker";

    /// <summary>Registers the alert worker: its state and evaluation timer, and the bus with its consumer.</summary>
    public static IServiceCollection AddAlertWorker(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAlerting(configuration);
        services.AddEscalationRiskMessaging(configuration, bus => bus.ConsumeAlerting());
        return services;
    }

    /// <summary>
    /// Registers the alert state (<see cref="AlertService"/>) and its evaluation timer, without a bus: a host that
    /// configures its own bus adds <see cref="ConsumeAlerting"/> to it.
    /// </summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertingOptions>().Bind(configuration.GetSection(AlertingOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AlertService>();
        services.AddSingleton(provider => provider.GetRequiredService<AlertService>().State);
        services.AddHostedService<EvaluationLoop>();
        services.AddHostedService<AlertMetrics>();
        return services;
    }

    /// <summary>
    /// Registers only the shared <see cref="AlertState"/> in the configured store, for a process that queries and
    /// changes rules and silences while the alert workers run elsewhere (no consumer, no timer, no gauges).
    /// </summary>
    public static IServiceCollection AddAlertState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AlertingOptions>().Bind(configuration.GetSection(AlertingOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => AlertService.OpenState(
            provider.GetRequiredService<IOptions<AlertingOptions>>().Value, provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IHostEnvironment>(), configuration));
        return services;
    }

    /// <summary>The alert worker's consumer on its single-active-consumer queue.</summary>
    public static MessagingBuilder ConsumeAlerting(this MessagingBuilder bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        return bus.ConsumeScoredExclusively<ScoredArticleConsumer>(Queue).Publishes<Contracts.EscalationAlert>();
    }
}

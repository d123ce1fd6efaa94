using System.Text.Encodings.Web;
using System.Text.Unicode;
using EscalationRisk.AlertWorker;
using EscalationRisk.Api.Security;
using EscalationRisk.Messaging;
using EscalationRisk.Scoring;
using EscalationRisk.ScoringWorker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EscalationRisk.Api;

/// <summary>Everything the Api needs, for its own host and for tests.</summary>
public static class ApiRegistration
{
    /// <summary>
    /// When <see cref="WorkerHosting"/> says in-process (the default on the in-memory bus, with no configuration at
    /// all) the Api hosts the scoring and alerting consumers itself: the whole system in one process, state in SQLite.
    /// Otherwise (the default with <c>Messaging__Transport=RabbitMQ</c>, or <c>Hosting__Workers=Separate</c>) it only
    /// publishes articles and reads and changes the shared alert state; the workers run as their own services.
    /// </summary>
    public static IServiceCollection AddEscalationRiskApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section));
        services.AddSingleton<ApiToken>();
        services.AddSingleton<ClientFaultLog>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddApiRateLimits(configuration);
        services.AddSingleton(provider => new Alerting.ArticleTextWriter(
            provider.GetRequiredService<Alerting.AlertState>().Store, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ArticlePublisher>();
        services.AddSingleton<AlertChanges>();
        services.AddHostedService<StartupReplay>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
            json.SerializerOptions.RespectNullableAnnotations = true;
        });

        if (WorkerHosting.InProcess(configuration))
        {
            // The main command needs no argument: the one-process mode replays the bundled samples unless told not to.
            services.PostConfigure<ApiOptions>(options => options.ReplayOnStart ??= ApiOptions.BundledSamples);
            services.AddAlerting(configuration);
            services.AddScoringWorker(configuration, bus => bus.ConsumeAlerting());
        }
        else
        {
            services.AddAlertState(configuration);
            services.AddSingleton(_ => new ArticleScorer());
            // Declares nothing it publishes: it publishes articles (whose exchange the scoring workers' queue binds)
            // and, after a rule or silence change, alerts when its broker user may.
            services.AddEscalationRiskMessaging(configuration);
        }

        return services;
    }
}

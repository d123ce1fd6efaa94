using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EscalationRisk.AlertWorker;

/// <summary>
/// The alert worker's engine, kept in the store through <see cref="AlertState"/>: each article or timer tick changes
/// the latest saved engine under the store's write lock and saves it with the alerts it decided; then the outbox is
/// published. A restart, or a standby taking over, carries on from the saved state and publishes what the outbox
/// still holds first.
/// </summary>
public sealed partial class AlertService : IDisposable
{
    /// <summary>Creates the service on the configured store and rules.</summary>
    public AlertService(IOptions<AlertingOptions> options, TimeProvider clock, IHostEnvironment environment, IConfiguration configuration, ILogger<AlertService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var configured = string.IsNullOrWhiteSpace(settings.RulesFile) ? null : RuleSet.Parse(File.ReadAllText(settings.RulesFile));
        State = OpenState(settings, clock, environment, configuration, configured);
        State.Retrying += (exception, attempt, wait) => LogStoreRetry(logger, attempt, StoreRetry.Attempts, wait.TotalSeconds, exception.Message);
        State.CheckpointFailed += exception => LogCheckpointFailed(logger, exception.GetType().Name, exception.Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A checkpoint of the alert state could not be written ({Kind}: {Reason}); the journal keeps everything and the next one is tried later")]
    private static partial void LogCheckpointFailed(ILogger logger, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The alert store failed (attempt {Attempt} of {Attempts}, next in {Seconds:F1} s): {Reason}")]
    private static partial void LogStoreRetry(ILogger logger, int attempt, int attempts, double seconds, string reason);

    /// <summary>The state in the configured store; <paramref name="configured"/> rules replace the saved ones.</summary>
    public static AlertState OpenState(AlertingOptions settings, TimeProvider clock, IHostEnvironment environment, IConfiguration configuration, RuleSet? configured = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AlertState(AlertStores.Open(ConnectionString(configuration, environment)), clock, settings.HalfLife, configured,
            onlyWhenNew: settings.RulesFileApplies == RulesFileMode.WhenEmpty);
    }

    /// <summary>The shared state (for queries and rule changes).</summary>
    public AlertState State { get; }

    /// <summary>
    /// <c>ConnectionStrings__Alerts</c>, else a SQLite file <c>data/alerts.db</c> under the content root (created).
    /// </summary>
    public static string ConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration.GetConnectionString("Alerts");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var folder = Path.Combine(environment.ContentRootPath, "data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "alerts.db")}";
    }

    /// <inheritdoc />
    public void Dispose() => State.Dispose();

    /// <summary>Counts an article (once per id) and publishes the alerts that result.</summary>
    public async Task ObserveAsync(ArticleScored article, IPublishEndpoint publisher, CancellationToken cancellation)
    {
        await State.ApplyAsync(engine => (engine.Observe(article), true), cancellation).ConfigureAwait(false);
        await PublishAsync(publisher, cancellation).ConfigureAwait(false);
    }

    /// <summary>Evaluates the rules now and publishes the alerts that result (and any left in the outbox).</summary>
    public async Task TickAsync(IPublishEndpoint publisher, CancellationToken cancellation)
    {
        // A tick always may change the state (pending episodes, decay, silences expiring).
        await State.ApplyAsync(_ => (true, true), cancellation).ConfigureAwait(false);
        await PublishAsync(publisher, cancellation).ConfigureAwait(false);
    }

    private Task<int> PublishAsync(IPublishEndpoint publisher, CancellationToken cancellation) =>
        State.DrainAsync((alert, decision, token) => publisher.PublishAlert(alert, decision, token), cancellation);
}

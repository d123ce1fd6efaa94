using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace EscalationRisk.AlertWorker;

/// <summary>
/// The alert engine of this process behind one lock, persisted in the store: each article or timer tick changes the
/// engine, the new state and the alerts it decided are saved in one transaction, then the alerts are published and
/// taken out of the outbox. A restart restores the engine and publishes what the outbox still holds first.
/// </summary>
public sealed class AlertService : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly IAlertStore store;
    private readonly TimeProvider clock;

    /// <summary>Creates the service: restores the saved engine, or starts one with the configured rules.</summary>
    public AlertService(IOptions<AlertingOptions> options, TimeProvider clock, IHostEnvironment environment, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(configuration);
        this.clock = clock;
        var settings = options.Value;
        store = AlertStores.Open(ConnectionString(configuration, environment));
        var saved = store.Load();
        var configured = string.IsNullOrWhiteSpace(settings.RulesFile) ? null : RuleSet.Parse(File.ReadAllText(settings.RulesFile));
        if (saved is not null)
        {
            // The saved state wins, except for the rules when a rule file is configured: it is the operators' say.
            Engine = AlertEngine.Restore(saved, clock);
            if (configured is not null)
            {
                Engine.SetRules(configured.IndexRules, configured.ArticleRules);
            }
        }
        else
        {
            var rules = configured ?? RuleSet.Default;
            Engine = new AlertEngine(new RiskIndex(settings.HalfLife), clock, rules.IndexRules, rules.ArticleRules);
        }
    }

    /// <summary>The engine (use only through this service's methods while the worker runs).</summary>
    public AlertEngine Engine { get; }

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
    public void Dispose()
    {
        gate.Dispose();
        store.Dispose();
    }

    /// <summary>Counts an article and publishes the alerts that result.</summary>
    public Task ObserveAsync(ArticleScored article, IPublishEndpoint publisher, CancellationToken cancellation) =>
        ApplyAsync(engine => engine.Observe(article), publisher, cancellation);

    /// <summary>Evaluates the rules now and publishes the alerts that result (and any left in the outbox).</summary>
    public Task TickAsync(IPublishEndpoint publisher, CancellationToken cancellation) =>
        ApplyAsync(_ => true, publisher, cancellation);

    private async Task ApplyAsync(Func<AlertEngine, bool> change, IPublishEndpoint publisher, CancellationToken cancellation)
    {
        await gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            // A redelivered article changes nothing; a tick always may (pending episodes, decay, silences).
            var changed = change(Engine);
            var decided = Engine.Evaluate();
            if (changed || decided.Count > 0)
            {
                store.Save(Engine.Export(), decided, clock.GetUtcNow());
            }

            foreach (var (seq, alert) in store.Outbox())
            {
                await publisher.Publish(alert, cancellation).ConfigureAwait(false);
                store.Published(seq);
            }
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>Feeds every scored article to the engine.</summary>
public sealed class ScoredArticleConsumer(AlertService alerts) : IConsumer<ArticleScored>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<ArticleScored> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return alerts.ObserveAsync(context.Message, context, context.CancellationToken);
    }
}

/// <summary>Evaluates the rules every <see cref="AlertingOptions.EvaluateInterval"/>.</summary>
internal sealed partial class EvaluationLoop(AlertService alerts, IBus bus, IOptions<AlertingOptions> options, TimeProvider clock, ILogger<EvaluationLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluateInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await alerts.TickAsync(bus, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTickFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating the alert rules failed; trying again at the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}

using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using MassTransit;
using Microsoft.Extensions.Options;

namespace EscalationRisk.AlertWorker;

/// <summary>
/// The alert engine of this process behind one lock: articles and timer ticks are applied one at a time, and the
/// alerts each produces are published in order.
/// </summary>
public sealed class AlertService : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Creates the service with the configured rules and half-life.</summary>
    public AlertService(IOptions<AlertingOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var rules = string.IsNullOrWhiteSpace(settings.RulesFile) ? RuleSet.Default : RuleSet.Parse(File.ReadAllText(settings.RulesFile));
        Engine = new AlertEngine(new RiskIndex(settings.HalfLife), clock, rules.IndexRules, rules.ArticleRules);
    }

    /// <summary>The engine (use only through this service's methods while the worker runs).</summary>
    public AlertEngine Engine { get; }

    /// <inheritdoc />
    public void Dispose() => gate.Dispose();

    /// <summary>Counts an article and publishes the alerts that result.</summary>
    public Task ObserveAsync(ArticleScored article, IPublishEndpoint publisher, CancellationToken cancellation) =>
        ApplyAsync(engine => engine.Observe(article), publisher, cancellation);

    /// <summary>Evaluates the rules now and publishes the alerts that result.</summary>
    public Task TickAsync(IPublishEndpoint publisher, CancellationToken cancellation) =>
        ApplyAsync(_ => true, publisher, cancellation);

    private async Task ApplyAsync(Func<AlertEngine, bool> change, IPublishEndpoint publisher, CancellationToken cancellation)
    {
        await gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            change(Engine);
            foreach (var alert in Engine.Evaluate())
            {
                await publisher.Publish(alert, cancellation).ConfigureAwait(false);
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

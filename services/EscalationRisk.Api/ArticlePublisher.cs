using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using MassTransit;

namespace EscalationRisk.Api;

/// <summary>
/// Publishes submitted articles to <c>articles</c>, each once its text is kept in the store (for the article and
/// evidence views of every Api replica).
/// </summary>
public sealed class ArticlePublisher(IBus bus, BusState busState, Alerting.ArticleTextWriter texts)
{
    /// <summary>True once the bus has started (before that a publish would wait or fail).</summary>
    public bool Ready => busState.Current.Phase == BusPhase.Started;

    /// <summary>The bus's state in words, for a 503's detail.</summary>
    public string Describe() => busState.Current.Description;

    /// <summary>Publishes one checked article.</summary>
    public async Task PublishAsync(ArticleSubmitted article, CancellationToken cancellation)
    {
        await texts.KeepAsync(article, cancellation).ConfigureAwait(false);
        await bus.Publish(article, cancellation).ConfigureAwait(false);
    }
}

/// <summary>Publishes the articles of <see cref="ApiOptions.ReplayOnStart"/> once the bus has started.</summary>
internal sealed partial class StartupReplay(ArticlePublisher publisher, Microsoft.Extensions.Options.IOptions<ApiOptions> options, ILogger<StartupReplay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.ReplayOnStart;
        if (string.IsNullOrWhiteSpace(path) || string.Equals(path, "none", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        while (!publisher.Ready)
        {
            await Task.Delay(100, stoppingToken).ConfigureAwait(false);
        }

        var published = 0;
        try
        {
            foreach (var item in Scoring.Input.ArticleInput.Read(path, TextReader.Null, options.Value.MaxBodyBytes))
            {
                if (item.Article is null)
                {
                    LogSkipped(logger, item.Where, item.Error!);
                    continue;
                }

                await publisher.PublishAsync(item.Article, stoppingToken).ConfigureAwait(false);
                published++;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, Path.GetFullPath(path), ex.Message);
            return;
        }

        LogReplayed(logger, published, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} articles from {Path}")]
    private static partial void LogReplayed(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay: {Where}: {Error}")]
    private static partial void LogSkipped(ILogger logger, string where, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay: cannot read {Path} (a relative path is taken from the working directory): {Error}")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);
}

/// <summary>
/// Changes to the alert state made through the API (rules, silences): applied under the store's lock, then what
/// they decided (a rule deleted resolves its alerts, a lower threshold fires) is published at once when the bus is
/// up; otherwise the alert worker's next tick publishes it from the outbox.
/// </summary>
public sealed class AlertChanges(Alerting.AlertState state, IBus bus, BusState busState)
{
    /// <summary>Applies a change (see <see cref="Alerting.AlertState.ApplyAsync{T}"/>) and publishes its alerts.</summary>
    public async Task<T> ApplyAsync<T>(Func<Alerting.AlertEngine, (bool Changed, T Result)> change, CancellationToken cancellation)
    {
        var result = await state.ApplyAsync(change, cancellation).ConfigureAwait(false);
        if (busState.Current.Phase == BusPhase.Started)
        {
            await state.DrainAsync((alert, decision, token) => bus.PublishAlert(alert, decision, token), cancellation).ConfigureAwait(false);
        }

        return result;
    }
}

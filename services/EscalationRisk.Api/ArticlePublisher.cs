using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using MassTransit;

namespace EscalationRisk.Api;

/// <summary>Publishes submitted articles to <c>articles</c> and keeps their texts for the evidence view.</summary>
public sealed class ArticlePublisher(IBus bus, BusState busState, ArticleTexts texts)
{
    /// <summary>True once the bus has started (before that a publish would wait or fail).</summary>
    public bool Ready => busState.Current.Phase == BusPhase.Started;

    /// <summary>The bus's state in words, for a 503's detail.</summary>
    public string Describe() => busState.Current.Description;

    /// <summary>Publishes one checked article.</summary>
    public async Task PublishAsync(ArticleSubmitted article, CancellationToken cancellation)
    {
        texts.Remember(article);
        await bus.Publish(article, cancellation).ConfigureAwait(false);
    }
}

/// <summary>Publishes the articles of <see cref="ApiOptions.ReplayOnStart"/> once the bus has started.</summary>
internal sealed partial class StartupReplay(ArticlePublisher publisher, Microsoft.Extensions.Options.IOptions<ApiOptions> options, ILogger<StartupReplay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.ReplayOnStart;
        if (string.IsNullOrWhiteSpace(path))
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
            LogUnreadable(logger, path, ex.Message);
            return;
        }

        LogReplayed(logger, published, path);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} articles from {Path}")]
    private static partial void LogReplayed(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay: {Where}: {Error}")]
    private static partial void LogSkipped(ILogger logger, string where, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay: cannot read {Path}: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);
}

namespace EscalationRisk.Api;

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

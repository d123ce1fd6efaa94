using System.Threading.Channels;
using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting;

/// <summary>
/// Keeps the texts of submitted articles in the store, many requests to one transaction: each caller waits for the
/// commit that holds its text (so a text acknowledged is kept), while those arriving during a commit share the next
/// one (at most <see cref="MaxBatch"/>).
/// </summary>
public sealed class ArticleTextWriter : IAsyncDisposable
{
    /// <summary>The most texts one transaction keeps.</summary>
    public const int MaxBatch = 256;

    private readonly IAlertStore store;
    private readonly TimeProvider clock;
    private readonly Channel<(ArticleSubmitted Article, TaskCompletionSource Kept)> waiting =
        Channel.CreateUnbounded<(ArticleSubmitted, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task writing;

    /// <summary>Starts writing to <paramref name="store"/> (not owned).</summary>
    public ArticleTextWriter(IAlertStore store, TimeProvider clock)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        this.clock = clock ?? throw new ArgumentNullException(nameof(clock));
        writing = Task.Run(WriteAsync);
    }

    /// <summary>Completes once the article's text is committed; throws what the store threw.</summary>
    public Task KeepAsync(ArticleSubmitted article, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var kept = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!waiting.Writer.TryWrite((article, kept)))
        {
            throw new ObjectDisposedException(nameof(ArticleTextWriter), "the text writer is stopping");
        }

        return kept.Task.WaitAsync(cancellation);
    }

    /// <summary>Writes what is waiting, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        waiting.Writer.TryComplete();
        await writing.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(ArticleSubmitted Article, TaskCompletionSource Kept)>(MaxBatch);
        while (await waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && waiting.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await store.KeepTextsAsync([.. batch.Select(b => b.Article)], clock.GetUtcNow()).ConfigureAwait(false);
                batch.ForEach(b => b.Kept.TrySetResult());
            }
            catch (Exception ex)
            {
                batch.ForEach(b => b.Kept.TrySetException(ex));
            }

            batch.Clear();
        }
    }
}

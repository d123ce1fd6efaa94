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

    private readonly IAlertStore _store;
    private readonly TimeProvider _clock;
    private readonly Channel<(ArticleSubmitted Article, TaskCompletionSource Kept)> _waiting =
        Channel.CreateUnbounded<(ArticleSubmitted, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writing;

    /// <summary>Starts writing to <paramref name="store"/> (not owned).</summary>
    public ArticleTextWriter(IAlertStore store, TimeProvider clock)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _writing = Task.Run(WriteAsync);
    }

    /// <summary>Completes once the article's text is committed; throws what the store threw.</summary>
    public Task KeepAsync(ArticleSubmitted article, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var kept = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_waiting.Writer.TryWrite((article, kept)))
        {
            throw new ObjectDisposedException(nameof(ArticleTextWriter), "the text writer is stopping");
        }

        return kept.Task.WaitAsync(cancellation);
    }

    /// <summary>Writes what is waiting, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _writing.ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        var batch = new List<(ArticleSubmitted Article, TaskCompletionSource Kept)>(MaxBatch);
        while (await _waiting.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _waiting.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await _store.KeepTextsAsync([.. batch.Select(b => b.Article)], _clock.GetUtcNow()).ConfigureAwait(false);
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

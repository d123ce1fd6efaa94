using EscalationRisk.Contracts;

namespace EscalationRisk.Alerting.Tests;

/// <summary>A store that counts how often the outbox is looked at and written, and otherwise is <paramref name="inner"/>.</summary>
internal sealed class CountingStore(IAlertStore inner) : IAlertStore
{
    private int _outboxChecks;
    private int _writes;

    /// <summary>How many times <see cref="OutboxWaiting"/> was asked.</summary>
    public int OutboxChecks => Volatile.Read(ref _outboxChecks);

    /// <summary>How many write transactions were begun.</summary>
    public int Writes => Volatile.Read(ref _writes);

    public Task<T> WriteAsync<T>(Func<IAlertStoreSession, Task<T>> work, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _writes);
        return inner.WriteAsync(work, cancellation);
    }

    public bool OutboxWaiting()
    {
        Interlocked.Increment(ref _outboxChecks);
        return inner.OutboxWaiting();
    }

    public JournalRead ReadAfter(long position) => inner.ReadAfter(position);

    public void WriteCheckpoint(SpooledParts checkpoint, long position) => inner.WriteCheckpoint(checkpoint, position);

    public IReadOnlyList<EscalationAlert> History(int limit) => inner.History(limit);

    public Task KeepTextsAsync(IReadOnlyList<ArticleSubmitted> articles, DateTimeOffset at, CancellationToken cancellation = default) =>
        inner.KeepTextsAsync(articles, at, cancellation);

    public ArticlePage Articles(ArticleQuery query) => inner.Articles(query);

    public StoredArticle? Article(string articleId) => inner.Article(articleId);

    public IReadOnlyDictionary<string, ArticleText> Texts(IReadOnlyCollection<string> articleIds) => inner.Texts(articleIds);

    public T ReadModel<T>(Func<ReadModelReader, T> read) => inner.ReadModel(read);

    public void Dispose() => inner.Dispose();
}

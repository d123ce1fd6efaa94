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

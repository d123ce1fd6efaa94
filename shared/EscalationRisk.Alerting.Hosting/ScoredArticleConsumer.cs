using EscalationRisk.Contracts;
using MassTransit;

namespace EscalationRisk.AlertWorker;

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

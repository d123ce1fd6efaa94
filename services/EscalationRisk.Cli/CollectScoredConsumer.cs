using EscalationRisk.Contracts;
using MassTransit;

namespace EscalationRisk.Cli;

/// <summary>Hands every <see cref="ArticleScored"/> on the run's own queue to the collector.</summary>
internal sealed class CollectScoredConsumer(ScoredCollector collector) : IConsumer<ArticleScored>
{
    public Task Consume(ConsumeContext<ArticleScored> context)
    {
        collector.Add(context.Message);
        return Task.CompletedTask;
    }
}

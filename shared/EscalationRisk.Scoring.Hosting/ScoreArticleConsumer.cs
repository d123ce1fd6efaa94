using System.Diagnostics;
using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using EscalationRisk.Scoring;
using MassTransit;

namespace EscalationRisk.ScoringWorker;

/// <summary>
/// Scores one article and publishes the verdict. Deterministic: the same message (a redelivery) yields the same
/// <see cref="ArticleScored"/>, byte for byte, with the same message id, so subscribers can deduplicate.
/// </summary>
public sealed class ScoreArticleConsumer(ArticleScorer scorer) : IConsumer<ArticleSubmitted>
{
    /// <summary>
    /// The longest a publish may wait for the broker's confirm, so a confirm lost with its connection cannot hold a
    /// message for ever; a timed-out publish is retried, then the message is redelivered.
    /// </summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ArticleSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var article = context.CheckedArticle();
        var started = Stopwatch.GetTimestamp();
        var scored = scorer.Score(article) with { ScoredAt = context.PublisherTimestamp() };
        if (!context.Headers.TryGetHeader(ScoringWarmUp.Header, out _))
        {
            ScoringMetrics.RecordScored(scored.Language, LabelName(scored.Label), Stopwatch.GetElapsedTime(started));
        }

        var messageId = DeterministicId.For("article-scored", scored.ArticleId, article.Body, scored.ModelVersion, scored.LexiconVersion);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(PublishTimeout);
        await context.Publish(
            scored,
            publish =>
            {
                publish.MessageId = messageId;
                publish.Headers.Set("articleId", scored.ArticleId);
            },
            timeout.Token).ConfigureAwait(false);
    }

    private static string LabelName(ArticleLabel label) => WireNames.Of(label);
}

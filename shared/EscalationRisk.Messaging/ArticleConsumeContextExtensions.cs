using EscalationRisk.Contracts;
using MassTransit;

namespace EscalationRisk.Messaging;

/// <summary>Access to the checked article from a consumer.</summary>
public static class ArticleConsumeContextExtensions
{
    /// <summary>
    /// The article as the gate read and checked it. Consumers on the <c>articles</c> endpoint use this rather than
    /// <c>context.Message</c>, so what they score is exactly what was validated.
    /// </summary>
    public static ArticleSubmitted CheckedArticle(this ConsumeContext<ArticleSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGetPayload<CheckedArticle>(out var checkedArticle) ? checkedArticle.Article : context.Message;
    }
}

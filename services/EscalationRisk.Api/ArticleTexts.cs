using System.Collections.Concurrent;
using EscalationRisk.Contracts;
using Microsoft.Extensions.Options;

namespace EscalationRisk.Api;

/// <summary>An article's text as submitted, for showing evidence in context.</summary>
public sealed record ArticleText(string Body, string? Language, string? Title);

/// <summary>
/// The texts of the last <see cref="ApiOptions.KeepTexts"/> articles submitted through this Api (or replayed at
/// start), so the dashboard can show an alert's evidence highlighted in the original text. Articles that reached the
/// queue another way show their evidence spans only: the scored messages do not carry bodies.
/// </summary>
public sealed class ArticleTexts(IOptions<ApiOptions> options)
{
    private readonly ConcurrentDictionary<string, ArticleText> texts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> order = new();
    private readonly int capacity = Math.Max(1, options.Value.KeepTexts);

    /// <summary>Keeps an article's text, forgetting the oldest beyond the capacity.</summary>
    public void Remember(ArticleSubmitted article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (texts.TryAdd(article.ArticleId, new ArticleText(article.Body, article.Language, article.Title)))
        {
            order.Enqueue(article.ArticleId);
            while (order.Count > capacity && order.TryDequeue(out var oldest))
            {
                texts.TryRemove(oldest, out _);
            }
        }
    }

    /// <summary>The text of an article, when kept.</summary>
    public ArticleText? Find(string articleId) => texts.GetValueOrDefault(articleId);
}

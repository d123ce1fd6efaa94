namespace EscalationRisk.Contracts;

/// <summary>The outcome of reading one <see cref="ArticleSubmitted"/>: the article, or why it was refused.</summary>
public readonly record struct ParsedArticle(ArticleSubmitted? Article, string? Error)
{
    /// <summary>True when the input was a valid article.</summary>
    public bool IsValid => Article is not null;
}

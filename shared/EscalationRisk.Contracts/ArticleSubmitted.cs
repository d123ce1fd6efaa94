namespace EscalationRisk.Contracts;

/// <summary>An article to score. <see cref="ArticleId"/> is the idempotency key.</summary>
/// <param name="ArticleId">Required; the same id always names the same article.</param>
/// <param name="Body">Required; the article text, Arabic or English.</param>
/// <param name="Source">The outlet, e.g. <c>sputnik</c>.</param>
/// <param name="Url">Where the article was published.</param>
/// <param name="Title">The headline, scored together with the body when present.</param>
/// <param name="Language"><c>ar</c>, <c>en</c>, or absent to detect it.</param>
/// <param name="PublishedAt">When the outlet published it.</param>
public sealed record ArticleSubmitted(
    string ArticleId,
    string Body,
    string? Source = null,
    Uri? Url = null,
    string? Title = null,
    string? Language = null,
    DateTimeOffset? PublishedAt = null);

using EscalationRisk.Contracts;

namespace EscalationRisk.Messaging;

/// <summary>The article read and checked by <see cref="ArticleDeserializer"/>, kept as a payload of the consume context.</summary>
internal sealed record CheckedArticle(ArticleSubmitted Article);

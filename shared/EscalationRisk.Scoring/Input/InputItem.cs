using EscalationRisk.Contracts;

namespace EscalationRisk.Scoring.Input;

/// <summary>One article read from an input, or why it could not be: <see cref="Where"/> says where it came from.</summary>
public readonly record struct InputItem(string Where, ArticleSubmitted? Article, string? Error);

namespace EscalationRisk.Contracts;

/// <summary>An article behind an alert, with the signals that made it count.</summary>
public sealed record AlertEvidence(
    string ArticleId,
    string? Title,
    Uri? Url,
    double Risk,
    DateTimeOffset? PublishedAt,
    IReadOnlyList<Signal> Signals);

namespace EscalationRisk.Contracts;

/// <summary>The scorer's verdict on one article, with the evidence for every signal.</summary>
/// <param name="ArticleId">Copied from <see cref="ArticleSubmitted"/>.</param>
/// <param name="Language"><c>ar</c>, <c>en</c>, or the detected language that is not supported.</param>
/// <param name="Label">The article's overall polarity.</param>
/// <param name="Risk">0 to 100.</param>
/// <param name="Escalation">0 to 1: how strongly the article signals escalation.</param>
/// <param name="Deescalation">0 to 1: how strongly the article signals de-escalation.</param>
/// <param name="Goldstein">-10 to +10, GDELT's Goldstein scale averaged over the signals.</param>
/// <param name="Signals">Every signal found, in order of appearance.</param>
/// <param name="Actors">The actors named in the article.</param>
/// <param name="Dyads">Pairs of actors linked by a signal, as sorted codes joined by <c>-</c>.</param>
/// <param name="StoryId">A near-duplicate fingerprint: the same wire story from different outlets shares it.</param>
/// <param name="ModelVersion">The learned model that took part, or <c>none</c>.</param>
/// <param name="LexiconVersion">The version of the lexicon and gazetteer data.</param>
/// <param name="ScoredAt">
/// When the article entered scoring. The workers take it from the message (MassTransit's <c>sentTime</c>, or the AMQP
/// <c>timestamp</c> property a plain publisher sets), so a redelivered article is scored to the same bytes; it is
/// <c>null</c> when the publisher stamped no time. The command-line <c>score</c> uses the time of scoring.
/// </param>
/// <param name="Reason">Why the article could not be scored fully (e.g. <c>unsupported language</c>), else absent.</param>
/// <param name="EscalationProbability">
/// 0 to 1: the chance that the article is what a reader would call escalation, from <paramref name="Escalation"/> by a
/// calibration fitted on held-out labelled text (0 where no evidence was found); absent when the scorer runs without its
/// learned model. <paramref name="Escalation"/> itself is the strength of the evidence, which the risk index sums.
/// </param>
/// <param name="DeescalationProbability">The same for de-escalation.</param>
/// <param name="ThirdParties">
/// States and organisations that take part without being parties (mediators, hosts, callers for calm, commentators),
/// each once with the role it first plays; absent when there are none. They are never part of <paramref name="Dyads"/>
/// through that role.
/// </param>
/// <param name="Topic">
/// What the whole report is about, by the document-topic classifier: <c>conflict</c>, <c>sport</c>, <c>business</c>,
/// <c>history</c>, <c>fiction</c>, <c>weather</c>, <c>domestic</c> or <c>routine</c>; absent for texts of fewer than three
/// sentences and when the scorer runs without the classifier. In a report about another domain only strong,
/// actor-anchored signals count.
/// </param>
public sealed record ArticleScored(
    string ArticleId,
    string? Source,
    Uri? Url,
    string? Title,
    DateTimeOffset? PublishedAt,
    string Language,
    ArticleLabel Label,
    double Risk,
    double Escalation,
    double Deescalation,
    double Goldstein,
    IReadOnlyList<Signal> Signals,
    IReadOnlyList<Actor> Actors,
    IReadOnlyList<string> Dyads,
    string StoryId,
    string ModelVersion,
    string LexiconVersion,
    DateTimeOffset? ScoredAt,
    string? Reason = null,
    double? EscalationProbability = null,
    double? DeescalationProbability = null,
    IReadOnlyList<ThirdParty>? ThirdParties = null,
    string? Topic = null);

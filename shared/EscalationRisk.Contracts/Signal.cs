namespace EscalationRisk.Contracts;

/// <summary>One piece of evidence: a category, where it is in the body, and who it links.</summary>
/// <param name="Category">The taxonomy category.</param>
/// <param name="Polarity">Escalation or de-escalation; follows from the category.</param>
/// <param name="Text">The evidence, exactly <c>body[start..end]</c>.</param>
/// <param name="Start">Offset of the first UTF-16 code unit of the evidence in the original body.</param>
/// <param name="End">Offset one past the last UTF-16 code unit.</param>
/// <param name="Confidence">0 to 1.</param>
/// <param name="Cameo">The CAMEO root code, two digits.</param>
/// <param name="Actors">Codes of the actors in the signal's sentence.</param>
/// <param name="Source">The actor acting (threatening, attacking, mediating), when the sentence shows it.</param>
/// <param name="Target">The actor acted upon, when the sentence shows it.</param>
/// <param name="Rule">
/// The context rule that shaped the signal (e.g. <c>deferral</c>), if any; <c>background</c> when the signal stands in a
/// sentence that tells the story's past (its confidence is then the half it counts for the article).
/// </param>
/// <param name="ThirdParty">
/// The actor standing between the parties (a mediator, host or caller for calm) when the sentence shows one; the
/// signal's <paramref name="Source"/> and <paramref name="Target"/> are then the two parties it is about.
/// </param>
public sealed record Signal(
    SignalCategory Category,
    Polarity Polarity,
    string Text,
    int Start,
    int End,
    double Confidence,
    string Cameo,
    IReadOnlyList<string> Actors,
    string? Source = null,
    string? Target = null,
    string? Rule = null,
    ThirdParty? ThirdParty = null);

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// How the second stage's probabilities act on the rules' signals (see <c>ModelFusion.FuseStacked</c>). The values
/// were chosen on dev data only (the challenge set's dev halves, and the dev rows of the external sets), by a grid over
/// the adding thresholds. A veto (dropping a lexicon signal when the stage is sure of neither) was tried and left out:
/// on dev it silenced real attacks in the Arabic reports more often than it removed false ones.
/// </summary>
/// <param name="KeepBase">A lexicon signal keeps this share of its confidence however little the stage believes its polarity.</param>
/// <param name="AddEscalation">The stage's P(escalation) a sentence needs for an escalation signal where the lexicon found none.</param>
/// <param name="AddDeescalation">The same for de-escalation.</param>
/// <param name="AddWithoutActor">The least such probability when the sentence names no actor.</param>
internal sealed record FusionSettings(double KeepBase, double AddEscalation, double AddDeescalation, double AddWithoutActor)
{
    public static FusionSettings Current { get; } = new(0.6, 0.4, 0.4, 0.8);
}

using EscalationRisk.Contracts;
using EscalationRisk.Scoring.Lexicon;

namespace EscalationRisk.Scoring;

/// <summary>
/// The article-level scores, from the signals' categories and confidences:
/// <list type="bullet">
/// <item>escalation = 1 − ∏(1 − confidence·weight) over escalation signals (a noisy-OR: each signal can only add);</item>
/// <item>deescalation likewise over de-escalation signals;</item>
/// <item>risk = 100 · escalation · (1 − <see cref="DeescalationDamping"/> · deescalation);</item>
/// <item>label: escalation, deescalation, or mixed by which of the two reach <see cref="LabelThreshold"/>;</item>
/// <item>goldstein = the confidence-weighted mean of the signals' Goldstein values (0 without signals).</item>
/// </list>
/// </summary>
public static class RiskFormula
{
    /// <summary>How much full de-escalation can take off the risk (half).</summary>
    public const double DeescalationDamping = 0.5;

    /// <summary>The score a polarity needs to count in the label.</summary>
    public const double LabelThreshold = 0.2;

    /// <summary>Scores computed from a set of signals.</summary>
    public readonly record struct Scores(double Escalation, double Deescalation, double Risk, double Goldstein, ArticleLabel Label);

    /// <summary>Computes the scores of a set of (category, confidence) pairs.</summary>
    public static Scores Compute(IEnumerable<(SignalCategory Category, double Confidence)> signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var keepEscalation = 1.0;
        var keepDeescalation = 1.0;
        var goldsteinSum = 0.0;
        var confidenceSum = 0.0;
        foreach (var (category, confidence) in signals)
        {
            var info = Taxonomy.Of(category);
            var c = Math.Clamp(confidence, 0, 1);
            if (info.Polarity == Polarity.Escalation)
            {
                keepEscalation *= 1 - (c * info.RiskWeight);
            }
            else
            {
                keepDeescalation *= 1 - (c * info.RiskWeight);
            }

            goldsteinSum += c * info.Goldstein;
            confidenceSum += c;
        }

        var escalation = 1 - keepEscalation;
        var deescalation = 1 - keepDeescalation;
        var risk = 100 * escalation * (1 - (DeescalationDamping * deescalation));
        var goldstein = confidenceSum > 0 ? goldsteinSum / confidenceSum : 0;
        var label = (escalation >= LabelThreshold, deescalation >= LabelThreshold) switch
        {
            (true, true) => ArticleLabel.Mixed,
            (true, false) => ArticleLabel.Escalation,
            (false, true) => ArticleLabel.Deescalation,
            _ => ArticleLabel.Neutral,
        };
        return new Scores(Round(escalation, 4), Round(deescalation, 4), Round(risk, 2), Round(goldstein, 2), label);
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

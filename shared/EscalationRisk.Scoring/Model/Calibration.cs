using System.Text.Json.Serialization;

namespace EscalationRisk.Scoring.Model;

/// <summary>
/// Platt scaling of the article's two scores, fitted on labelled dev rows: a score s &gt; 0 is reported as
/// σ(a·logit(s) + b), so that it reads as the chance the text is what the score names; 0 (no evidence) stays 0.
/// </summary>
internal sealed record Calibration(
    [property: JsonPropertyName("escalation")] PlattScale Escalation,
    [property: JsonPropertyName("deescalation")] PlattScale Deescalation);

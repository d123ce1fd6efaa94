namespace EscalationRisk.Contracts;

/// <summary>What each category means numerically: polarity, CAMEO code and Goldstein value, weight in the risk.</summary>
/// <param name="Polarity">The direction of the category.</param>
/// <param name="CameoRoot">The two-digit CAMEO root reported with each signal.</param>
/// <param name="CameoCode">The CAMEO code whose Goldstein value the category takes.</param>
/// <param name="Goldstein">GDELT's Goldstein value of <paramref name="CameoCode"/> (see NOTICE).</param>
/// <param name="RiskWeight">How much one certain signal of the category moves its polarity's score (0..1).</param>
public sealed record CategoryInfo(Polarity Polarity, string CameoRoot, string CameoCode, double Goldstein, double RiskWeight);

namespace EscalationRisk.Contracts;

/// <summary>The taxonomy of signal categories with the figures the scorer and the index use.</summary>
public static class Taxonomy
{
    private static readonly CategoryInfo[] Infos = Build();

    /// <summary>All categories.</summary>
    public static IReadOnlyList<SignalCategory> Categories { get; } = Enum.GetValues<SignalCategory>();

    /// <summary>The figures of one category.</summary>
    public static CategoryInfo Of(SignalCategory category) => Infos[(int)category];

    private static CategoryInfo[] Build()
    {
        var infos = new CategoryInfo[Enum.GetValues<SignalCategory>().Length];
        // Goldstein values: GDELT's CAMEO.goldsteinscale.txt for the code named.
        infos[(int)SignalCategory.StrikeOption] = new(Polarity.Escalation, "13", "138", -7.0, 0.70);
        infos[(int)SignalCategory.ThreatToRespond] = new(Polarity.Escalation, "13", "130", -4.4, 0.55);
        infos[(int)SignalCategory.MilitaryMobilization] = new(Polarity.Escalation, "15", "150", -7.2, 0.60);
        infos[(int)SignalCategory.Attack] = new(Polarity.Escalation, "19", "190", -10.0, 1.00);
        infos[(int)SignalCategory.Coercion] = new(Polarity.Escalation, "17", "17", -7.0, 0.50);
        infos[(int)SignalCategory.CallForCalm] = new(Polarity.Deescalation, "02", "020", 3.0, 0.50);
        infos[(int)SignalCategory.Mediation] = new(Polarity.Deescalation, "04", "045", 5.0, 0.60);
        infos[(int)SignalCategory.Dialogue] = new(Polarity.Deescalation, "04", "040", 1.0, 0.45);
        infos[(int)SignalCategory.Ceasefire] = new(Polarity.Deescalation, "08", "0871", 9.0, 1.00);
        infos[(int)SignalCategory.Restraint] = new(Polarity.Deescalation, "08", "080", 5.0, 0.70);
        return infos;
    }
}

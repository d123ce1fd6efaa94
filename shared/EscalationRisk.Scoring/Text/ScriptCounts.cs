namespace EscalationRisk.Scoring.Text;

/// <summary>Letter counts by script, for language detection.</summary>
internal struct ScriptCounts
{
    public int Arabic;
    public int PersianOnly;
    public int Latin;
    public int Other;

    public readonly int Total => Arabic + Latin + Other;
}

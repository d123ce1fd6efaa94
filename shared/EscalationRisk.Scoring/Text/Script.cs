namespace EscalationRisk.Scoring.Text;

/// <summary>The script a token is written in; it picks the stemmer.</summary>
internal enum Script : byte
{
    Other,
    Latin,
    Arabic,
}

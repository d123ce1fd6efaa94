using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli.Evaluation;

/// <summary>
/// The "would an operations team want an alert from this article alone" judgement against the shipped article rules:
/// an article is alerted when any rule of <see cref="RuleSet.Default"/> matches one of its signals.
/// </summary>
public sealed record AlertAgreement(int Rows, int Agreed, int MarkedYes, int AlertedYes, int BothYes)
{
    public double Rate => Rows == 0 ? 0 : (double)Agreed / Rows;

    /// <summary>Whether the shipped article rules would alert on this article.</summary>
    public static bool Alerted(ArticleScored article) => RuleSet.Default.ArticleRules.Any(r => r.Matching(article).Count > 0);

    public static AlertAgreement Of(IEnumerable<(bool Marked, bool Alerted)> rows)
    {
        int n = 0, agreed = 0, marked = 0, alerted = 0, both = 0;
        foreach (var (m, a) in rows)
        {
            n++;
            agreed += m == a ? 1 : 0;
            marked += m ? 1 : 0;
            alerted += a ? 1 : 0;
            both += m && a ? 1 : 0;
        }

        return new AlertAgreement(n, agreed, marked, alerted, both);
    }

    public static bool ParseMarked(string cell) => cell.Trim().ToLowerInvariant() switch
    {
        "yes" or "true" or "1" => true,
        "no" or "false" or "0" or "" => false,
        _ => throw new FormatException($"'{cell}' is not yes or no"),
    };
}

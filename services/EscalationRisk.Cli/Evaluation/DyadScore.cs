using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli.Evaluation;

/// <summary>
/// Dyads found against dyads marked, micro-averaged over every row: a dyad is right when the same two codes are
/// marked for the same row. Also how often a marked third party (mediator, host, caller for calm, commentator) was
/// made a party: a row counts when a dyad found holds one of its third parties and that dyad is not marked.
/// </summary>
public sealed record DyadScore(
    int Rows, int Marked, int Found, int Correct, int RowsWithThirdParties, int ThirdPartyMadeParty)
{
    public double Precision => Found == 0 ? 0 : (double)Correct / Found;
    public double Recall => Marked == 0 ? 0 : (double)Correct / Marked;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public double ThirdPartyRate => RowsWithThirdParties == 0 ? 0 : (double)ThirdPartyMadeParty / RowsWithThirdParties;

    /// <summary>The dyads in a cell: codes joined by '-', several separated by spaces or commas; each pair sorted.</summary>
    public static IReadOnlySet<string> ParseDyads(string? cell)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in (cell ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = d.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || dash == d.Length - 1)
            {
                throw new FormatException($"'{d}' is not a dyad (two codes joined by '-')");
            }

            set.Add(Scoring.ArticleScorer.DyadKey(d[..dash].Trim(), d[(dash + 1)..].Trim()));
        }

        return set;
    }

    /// <summary>The codes of the third parties in a cell of <c>CODE:role</c> items.</summary>
    public static IReadOnlySet<string> ParseThirdParties(string? cell) =>
        (cell ?? "").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.Split(':')[0]).ToHashSet(StringComparer.Ordinal);

    public static DyadScore Of(IEnumerable<(IReadOnlySet<string> Marked, IReadOnlySet<string> Found, IReadOnlySet<string> ThirdParties)> rows)
    {
        int n = 0, marked = 0, found = 0, correct = 0, withThird = 0, madeParty = 0;
        foreach (var (m, f, third) in rows)
        {
            n++;
            marked += m.Count;
            found += f.Count;
            correct += f.Count(m.Contains);
            if (third.Count > 0)
            {
                withThird++;
                if (f.Any(d => !m.Contains(d) && d.Split('-').Any(third.Contains)))
                {
                    madeParty++;
                }
            }
        }

        return new DyadScore(n, marked, found, correct, withThird, madeParty);
    }
}

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

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

using EscalationRisk.Cli.Evaluation;

namespace EscalationRisk.Cli;

// The report evaluate writes (as text, and as JSON with --json).
internal static partial class EvaluateCommand
{
    public sealed record LanguageReport(string Language, Metrics Metrics);

    /// <summary>How many of the signal categories a reader marked were found, and how many found were marked.</summary>
    public sealed record CategoryRecall(int Expected, int Found, int Reported, int ReportedExpected)
    {
        public double Recall => Expected == 0 ? 0 : (double)Found / Expected;
        public double Precision => Reported == 0 ? 0 : (double)ReportedExpected / Reported;

        public static CategoryRecall Of(IEnumerable<(IReadOnlySet<string> Expected, IReadOnlySet<string> Reported)> rows)
        {
            int expected = 0, found = 0, reported = 0, reportedExpected = 0;
            foreach (var (e, r) in rows)
            {
                expected += e.Count;
                found += e.Count(r.Contains);
                reported += r.Count;
                reportedExpected += r.Count(e.Contains);
            }

            return new CategoryRecall(expected, found, reported, reportedExpected);
        }
    }

    /// <summary>The figures of one value of a <c>--by</c> column.</summary>
    public sealed record GroupReport(string Column, string Value, Metrics Metrics, double MacroF1EscalationDeescalation, CategoryRecall? Categories,
        DyadScore? Dyads = null);

    /// <summary>One bin of a reliability table: rows whose score fell in [Low, High), their mean score and how often the class was true.</summary>
    public sealed record ReliabilityBin(double Low, double High, int Rows, double MeanScore, double Observed);

    /// <summary>A score against the gold class it claims: ten equal bins and the expected calibration error.</summary>
    public sealed record Reliability(string Score, IReadOnlyList<ReliabilityBin> Bins, double Brier, double ExpectedCalibrationError, string? Field = null)
    {
        public static Reliability Of(string score, IReadOnlyList<(double Score, bool Truth)> rows, int bins = 10, string? field = null)
        {
            var table = new List<ReliabilityBin>();
            double ece = 0;
            for (var b = 0; b < bins; b++)
            {
                var (low, high) = ((double)b / bins, (double)(b + 1) / bins);
                var inBin = rows.Where(r => r.Score >= low && (r.Score < high || (b == bins - 1 && r.Score <= high))).ToList();
                var mean = inBin.Count == 0 ? 0 : inBin.Average(r => r.Score);
                var observed = inBin.Count == 0 ? 0 : inBin.Count(r => r.Truth) / (double)inBin.Count;
                table.Add(new ReliabilityBin(low, high, inBin.Count, mean, observed));
                ece += rows.Count == 0 ? 0 : inBin.Count / (double)rows.Count * Math.Abs(mean - observed);
            }

            var brier = rows.Count == 0 ? 0 : rows.Average(r => Math.Pow(r.Score - (r.Truth ? 1 : 0), 2));
            return new Reliability(score, table, brier, ece, field ?? score);
        }
    }

    public sealed record Report(
        string Gold,
        IReadOnlyList<string> Filters,
        int Rows,
        int UnlabelledSkipped,
        int FilteredOut,
        string ModelVersion,
        string LexiconVersion,
        Metrics Overall,
        double MacroF1EscalationDeescalation,
        IReadOnlyList<LanguageReport> ByLanguage,
        IReadOnlyList<GroupReport> Groups,
        CategoryRecall? Categories,
        IReadOnlyList<Reliability> Reliability,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> SignalCoverage,
        DyadScore? Dyads = null,
        AlertAgreement? Alerts = null);
}

using System.Text.Json.Serialization;

namespace EscalationRisk.Scoring.Model;

/// <summary>One score's Platt scaling: σ(A·logit(s) + B).</summary>
internal sealed record PlattScale([property: JsonPropertyName("a")] double A, [property: JsonPropertyName("b")] double B)
{
    public double Apply(double score)
    {
        if (score <= 0)
        {
            return 0;
        }

        var p = Math.Clamp(score, 1e-4, 1 - 1e-4);
        return 1 / (1 + Math.Exp(-((A * Math.Log(p / (1 - p))) + B)));
    }

    /// <summary>Fits A and B by Newton's method on (score, truth) pairs with a score above 0; identity when there are too few.</summary>
    public static PlattScale Fit(IReadOnlyList<(double Score, bool Truth)> rows)
    {
        var points = rows.Where(r => r.Score > 0).Select(r => (X: Logit(r.Score), Y: r.Truth ? 1.0 : 0.0)).ToList();
        if (points.Count < 10 || points.All(p => p.Y == points[0].Y))
        {
            return new PlattScale(1, 0);
        }

        double a = 1, b = 0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-6, hab = 0, hbb = 1e-6;
            foreach (var (x, y) in points)
            {
                var p = 1 / (1 + Math.Exp(-((a * x) + b)));
                var w = p * (1 - p);
                ga += (p - y) * x;
                gb += p - y;
                haa += w * x * x;
                hab += w * x;
                hbb += w;
            }

            var det = (haa * hbb) - (hab * hab);
            var (da, db) = (((hbb * ga) - (hab * gb)) / det, ((haa * gb) - (hab * ga)) / det);
            (a, b) = (a - da, b - db);
            if (Math.Abs(da) + Math.Abs(db) < 1e-9)
            {
                break;
            }
        }

        return new PlattScale(Math.Round(a, 6), Math.Round(b, 6));
    }

    private static double Logit(double s)
    {
        var p = Math.Clamp(s, 1e-4, 1 - 1e-4);
        return Math.Log(p / (1 - p));
    }
}

using System.Globalization;
using System.Text;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli;

/// <summary>The <c>--format text</c> report: scores, signals, actors, and the article with its evidence marked.</summary>
internal static class TextReport
{
    public const char OpenMark = '⟦';
    public const char CloseMark = '⟧';

    public static void Write(TextWriter writer, ArticleSubmitted article, ArticleScored scored)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine($"== {scored.ArticleId} ({scored.Language}) ==");
        writer.WriteLine(string.Create(c, $"label {Json(scored.Label)}  risk {scored.Risk:0.0}  escalation {scored.Escalation:0.00}  deescalation {scored.Deescalation:0.00}  goldstein {scored.Goldstein:0.0}"));
        if (scored.Reason is not null)
        {
            writer.WriteLine($"reason: {scored.Reason}");
        }

        if (scored.Actors.Count > 0)
        {
            writer.WriteLine("actors: " + string.Join(", ", scored.Actors.Select(a => $"{a.Code} {a.Name} x{a.Mentions}")));
        }

        if (scored.Dyads.Count > 0)
        {
            writer.WriteLine("dyads: " + string.Join(", ", scored.Dyads));
        }

        for (var i = 0; i < scored.Signals.Count; i++)
        {
            var s = scored.Signals[i];
            var who = s.Source is null && s.Target is null ? "" : $"  {s.Source ?? "?"} -> {s.Target ?? "?"}";
            var rule = s.Rule is null ? "" : $"  [{s.Rule}]";
            writer.WriteLine(string.Create(c, $"  {i + 1,3}. {Json(s.Category),-22} {s.Confidence:0.00}  {s.Start}-{s.End}  {s.Text}{who}{rule}"));
        }

        writer.WriteLine();
        writer.WriteLine(Highlight(article.Body, scored.Signals));
        writer.WriteLine();
    }

    /// <summary>Wraps each signal's evidence in ⟦ ⟧ followed by its number; overlapping evidence is marked once.</summary>
    public static string Highlight(string body, IReadOnlyList<Signal> signals)
    {
        var order = Enumerable.Range(0, signals.Count).OrderBy(i => signals[i].Start).ThenByDescending(i => signals[i].End);
        var text = new StringBuilder(body.Length + (signals.Count * 8));
        var at = 0;
        foreach (var i in order)
        {
            var s = signals[i];
            if (s.Start < at)
            {
                continue;
            }

            text.Append(body, at, s.Start - at).Append(OpenMark).Append(body, s.Start, s.End - s.Start)
                .Append(CloseMark).Append(CultureInfo.InvariantCulture, $"{i + 1}");
            at = s.End;
        }

        return text.Append(body, at, body.Length - at).ToString();
    }

    private static string Json<T>(T value)
        where T : struct, Enum => WireNames.Of(value);
}

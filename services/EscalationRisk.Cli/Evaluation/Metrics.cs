namespace EscalationRisk.Cli.Evaluation;

/// <summary>Classification figures for a set of (gold, predicted, probabilities) rows.</summary>
public sealed record Metrics(
    int Count,
    double Accuracy,
    IReadOnlyList<ClassScore> Classes,
    double MacroF1,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Confusion,
    double? Brier)
{
    /// <summary>Macro-F1 over the named classes only (e.g. escalation and de-escalation).</summary>
    public double MacroF1Over(params string[] labels) =>
        labels.Length == 0 ? 0 : labels.Average(l => Classes.FirstOrDefault(c => c.Label == l)?.F1 ?? 0);

    /// <summary>Computes the figures. Classes are the union of gold and predicted labels, in the order given first.</summary>
    public static Metrics Compute(IReadOnlyList<(string Gold, string Predicted, IReadOnlyDictionary<string, double>? Probabilities)> rows,
        IEnumerable<string> labelOrder)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var labels = labelOrder.Concat(rows.Select(r => r.Gold)).Concat(rows.Select(r => r.Predicted)).Distinct(StringComparer.Ordinal).ToList();
        var confusion = labels.ToDictionary(g => g, _ => labels.ToDictionary(p => p, _ => 0, StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (gold, predicted, _) in rows)
        {
            confusion[gold][predicted]++;
        }

        var classes = new List<ClassScore>();
        foreach (var label in labels)
        {
            var tp = confusion[label][label];
            var support = confusion[label].Values.Sum();
            var predicted = labels.Sum(g => confusion[g][label]);
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = support == 0 ? 0 : (double)tp / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.Add(new ClassScore(label, support, predicted, tp, precision, recall, f1));
        }

        // Macro-F1 over the classes that occur in the gold labels.
        var goldClasses = classes.Where(c => c.Support > 0).ToList();
        var macro = goldClasses.Count == 0 ? 0 : goldClasses.Average(c => c.F1);
        var accuracy = rows.Count == 0 ? 0 : (double)rows.Count(r => r.Gold == r.Predicted) / rows.Count;

        double? brier = null;
        if (rows.Count > 0 && rows.All(r => r.Probabilities is not null))
        {
            brier = rows.Average(r => labels.Sum(l =>
            {
                var p = r.Probabilities!.TryGetValue(l, out var v) ? v : 0;
                var y = l == r.Gold ? 1.0 : 0.0;
                return (p - y) * (p - y);
            }));
        }

        return new Metrics(rows.Count, accuracy, classes, macro,
            confusion.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value, StringComparer.Ordinal), brier);
    }
}

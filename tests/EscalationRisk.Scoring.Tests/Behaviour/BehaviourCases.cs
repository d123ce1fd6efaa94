using System.Text;

namespace EscalationRisk.Scoring.Tests.Behaviour;

/// <summary>One generated case: where it came from, what it is, and the text.</summary>
internal sealed record BehaviourCase(string Language, string Group, string Template, IReadOnlyDictionary<char, string> Fill, string Text);

/// <summary>
/// Generates the behavioural suite's cases from the templates and word lists, deterministically (a fixed seed per
/// template), and scores them.
/// </summary>
internal static class BehaviourCases
{
    /// <summary>How many fillings each template gets.</summary>
    public const int FillsPerTemplate = 4;

    public static readonly string[] Languages = ["en", "ar"];

    public static Dictionary<SignalCategory, string[]> CategoryTemplates(string language) =>
        language == "ar" ? ArabicTemplates.Categories : EnglishTemplates.Categories;

    public static Dictionary<string, string[]> HardNegativeTemplates(string language) =>
        language == "ar" ? ArabicTemplates.HardNegatives : EnglishTemplates.HardNegatives;

    public static (string Base, string Changed)[] AwayFromEscalation(string language) =>
        language == "ar" ? ArabicTemplates.AwayFromEscalation : EnglishTemplates.AwayFromEscalation;

    public static (string Base, string Changed)[] TowardEscalation(string language) =>
        language == "ar" ? ArabicTemplates.TowardEscalation : EnglishTemplates.TowardEscalation;

    /// <summary>Every filling of every template of a group.</summary>
    public static IEnumerable<BehaviourCase> Generate(string language, string group, IEnumerable<string> templates)
    {
        var n = 0;
        foreach (var template in templates)
        {
            var random = new Random(StableSeed(template));
            for (var k = 0; k < FillsPerTemplate; k++)
            {
                var fill = RandomFill(language, random);
                yield return new BehaviourCase(language, group, template, fill, Apply(template, fill));
            }

            n++;
        }
    }

    /// <summary>A filling: three distinct states and one of each other slot.</summary>
    public static Dictionary<char, string> RandomFill(string language, Random random)
    {
        var ar = language == "ar";
        var states = ar ? WordLists.ArabicStates : WordLists.EnglishStates;
        var picked = new List<string>();
        while (picked.Count < 3)
        {
            var s = states[random.Next(states.Length)];
            if (!picked.Contains(s))
            {
                picked.Add(s);
            }
        }

        string Pick(string[] list) => list[random.Next(list.Length)];
        return new Dictionary<char, string>
        {
            ['A'] = picked[0],
            ['B'] = picked[1],
            ['C'] = picked[2],
            ['N'] = Pick(ar ? WordLists.ArabicNumbers : WordLists.EnglishNumbers),
            ['D'] = Pick(ar ? WordLists.ArabicDays : WordLists.EnglishDays),
            ['P'] = Pick(ar ? WordLists.ArabicPlaces : WordLists.EnglishPlaces),
            ['X'] = Pick(ar ? (random.Next(2) == 0 ? WordLists.ArabicClubs : WordLists.ArabicCompanies) : (random.Next(2) == 0 ? WordLists.EnglishClubs : WordLists.EnglishCompanies)),
            ['Y'] = Pick(ar ? WordLists.ArabicNames : WordLists.EnglishNames),
        };
    }

    public static string Apply(string template, IReadOnlyDictionary<char, string> fill)
    {
        var text = new StringBuilder(template.Length + 64);
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{' && i + 2 < template.Length && template[i + 2] == '}' && fill.TryGetValue(template[i + 1], out var value))
            {
                text.Append(value);
                i += 2;
            }
            else
            {
                text.Append(template[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>The label as a polarity, as <c>evaluate</c> reads it: mixed counts as the stronger side.</summary>
    public static string Polarity(ArticleScored scored) => scored.Label switch
    {
        ArticleLabel.Escalation => "escalation",
        ArticleLabel.Deescalation => "deescalation",
        ArticleLabel.Mixed => scored.Escalation >= scored.Deescalation ? "escalation" : "deescalation",
        _ => "neutral",
    };

    public static string Describe(ArticleScored scored) =>
        $"{scored.Label} esc {scored.Escalation:0.00} de {scored.Deescalation:0.00} [" +
        string.Join(" | ", scored.Signals.Select(s => $"{s.Category}:{s.Text}")) + "]";

    private static int StableSeed(string text)
    {
        var h = 17;
        foreach (var c in text)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }
}

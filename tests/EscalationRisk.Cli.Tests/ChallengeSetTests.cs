using System.Security.Cryptography;
using System.Text.Json;
using EscalationRisk.Testing;

namespace EscalationRisk.Cli.Tests;

/// <summary>
/// The blind challenge set (data/challenge): frozen by checksum before any tuning against it, well formed, split
/// by a fixed function of the id, and scored by <c>evaluate</c> on its test half no worse than the recorded floor.
/// </summary>
public sealed class ChallengeSetTests
{
    /// <summary>The SHA-256 of each file as frozen on 2026-12-06, before any tuning against the set.</summary>
    private static readonly Dictionary<string, string> Frozen = new()
    {
        ["en"] = "b4af5a4a65ada322f47760c77138af1b0e27808fc5b90a24c1523d25b4522262",
        ["ar"] = "58e087a356d3e882416c5604f28540e9e0295179486817fa57ed11f03013163b",
    };

    private static readonly string[] Families =
    [
        "implicit_escalation", "diplomatic_coercion", "attack_outcome", "warning_threat", "undecided_option",
        "denial_renunciation", "ordinary_deescalation", "other_senses", "plain_escalation", "plain_deescalation", "plain_neutral",
    ];

    private static readonly string[] Domains = ["sport", "markets", "medicine", "weather", "games_films", "parades_anniversaries"];

    private static readonly string[] CategoryNames =
    [
        "strike_option", "threat_to_respond", "military_mobilization", "attack", "coercion",
        "call_for_calm", "mediation", "dialogue", "ceasefire", "restraint",
    ];

    /// <summary>
    /// The test half's macro-F1 over the three labels must not fall below these: measured 0.832 (en) and 0.797 (ar) on
    /// 2026-12-06 with lexicon 2026.12.1, model maxent-b469a8893d71 and its LightGBM second stage, tuned on dev only,
    /// less a small margin. The target is 0.88 in each language; the set's baseline at freezing was 0.652 and
    /// 0.653. On 2026-12-07, with model maxent-a6e23b64754f (3,000 more blind-written corpus sentences, L2 1e-5, second
    /// stage by the rule in StackerTrainer): 0.870 (en) and 0.839 (ar). Later the same day (model maxent-acbe8a0f7a97,
    /// 3,000 more blind sentences, lexicon 2026.12.3): 0.859 (en) and 0.871 (ar). Session (4) of 2026-12-07 (model
    /// maxent-69d741f67521 with 2,400 more blind sentences, lexicon 2026.12.4 with rules from 2,000 new blind tuning
    /// sentences): 0.861 (en) and 0.877 (ar). Session (5) of 2026-12-07 (lexicon 2026.12.5: main clause, held-back
    /// coercion, names, pledges, from 1,000 more blind tuning sentences; same model): 0.870 (en) and 0.877 (ar). Session
    /// (6) (lexicon 2026.12.6: context words, unnamed parties, reach of deferrals, Arabic datelines): 0.878 and 0.877.
    /// Session (7) (lexicon 2026.12.7: denied facts, rejected options, opponents arrested, forces sent, denied reports):
    /// 0.883 and 0.877; the English floor is now the target.
    /// </summary>
    private static readonly Dictionary<string, double> TestMacroF1Floor = new()
    {
        ["en"] = 0.88,
        ["ar"] = 0.87,
    };

    public static string PathOf(string language) => Path.Combine(RepoRoot.Path, "data", "challenge", $"challenge_{language}.tsv");

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void The_set_is_frozen(string language)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PathOf(language))));
        Assert.Equal(Frozen[language], hash);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void The_set_is_well_formed_stratified_and_split_by_id(string language)
    {
        var lines = File.ReadAllLines(PathOf(language));
        Assert.Equal("id\tlanguage\tfamily\tdomain\tlabel\tcategories\tsplit\ttext", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.True(rows.Count >= 300, $"{rows.Count} rows");
        Assert.All(rows, r => Assert.Equal(8, r.Length));
        Assert.Equal(rows.Count, rows.Select(r => r[0]).Distinct().Count());
        Assert.Equal(rows.Count, rows.Select(r => r[7]).Distinct().Count());
        foreach (var r in rows)
        {
            Assert.Equal(language, r[1]);
            Assert.Contains(r[2], Families);
            Assert.Contains(r[4], new[] { "escalation", "deescalation", "neutral" });
            Assert.Equal(r[2] == "other_senses", r[3].Length > 0);
            if (r[3].Length > 0)
            {
                Assert.Contains(r[3], Domains);
            }

            var categories = r[5].Split(',', StringSplitOptions.RemoveEmptyEntries);
            Assert.All(categories, c => Assert.Contains(c, CategoryNames));
            Assert.Equal(r[4] == "neutral", categories.Length == 0);
            var even = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r[0]))[0] % 2 == 0;
            Assert.Equal(even ? "dev" : "test", r[6]);
        }

        foreach (var family in Families)
        {
            Assert.True(rows.Count(r => r[2] == family) >= 20, $"family {family} has {rows.Count(r => r[2] == family)} rows");
        }

        foreach (var domain in Domains)
        {
            Assert.True(rows.Count(r => r[3] == domain) >= 10, $"domain {domain}");
        }

        Assert.InRange(rows.Count(r => r[6] == "test"), rows.Count * 0.4, rows.Count * 0.6);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void The_test_half_scores_no_worse_than_the_recorded_floor(string language)
    {
        var json = Path.GetTempFileName();
        try
        {
            var stdout = new StringWriter();
            var exit = EvaluateCommand.Run(new EvaluateOptions(PathOf(language), Filters: [("split", "test")], By: ["family"],
                CategoriesColumn: "categories", JsonPath: json), stdout, new StringWriter());
            Assert.Equal(0, exit);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var macro = report.RootElement.GetProperty("overall").GetProperty("macroF1").GetDouble();
            Assert.True(macro >= TestMacroF1Floor[language], $"macro-F1 {macro:0.000} below the floor {TestMacroF1Floor[language]}\n{stdout}");
            Assert.Equal(Families.Length, report.RootElement.GetProperty("groups").GetArrayLength());
        }
        finally
        {
            File.Delete(json);
        }
    }
}

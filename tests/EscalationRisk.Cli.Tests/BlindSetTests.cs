using System.Security.Cryptography;
using System.Text.Json;
using EscalationRisk.Cli.Evaluation;
using EscalationRisk.Testing;

namespace EscalationRisk.Cli.Tests;

/// <summary>
/// The blind article set (data/articles, issue 20) and the blind actor set (data/actors, issue 19): frozen by checksum
/// before any tuning against them, well formed, split by a fixed function of the id, and scored by <c>evaluate</c> on
/// their test halves no worse than the recorded floors.
/// </summary>
public sealed class BlindSetTests
{
    /// <summary>The SHA-256 of each file as frozen on 2026-12-06, before any tuning against the sets.</summary>
    private static readonly Dictionary<string, string> Frozen = new()
    {
        ["articles/articles_en.jsonl"] = "1c46c13873c72014cca405b9dbb614b3efc538c8f4e47cc959d19b1a4d52bf7c",
        ["articles/articles_ar.jsonl"] = "b42b82ac3d3f9af893083f0b06c47d7bcda984b04d28123ded33b5ab2011df7c",
        ["actors/actors_en.tsv"] = "9e336ab3aff918f9e67ddf7c990dfa03c2b83c95fbe37a96824e769a657c1c9f",
        ["actors/actors_ar.tsv"] = "49bbf2c966af7f4f1dc092013c23be6cfd47ccad8b25d8666ba4f51b0adf8810",
    };

    private static readonly string[] ArticleFamilies =
        ["hard_negative", "escalation_report", "event_with_denial", "deescalation_report", "mixed_report", "routine_news"];

    private static readonly string[] ActorFamilies =
    [
        "state_attack", "group_party", "place_target", "metonymy", "passive_agent", "mediation_between", "host_talks",
        "caller_for_calm", "commentator", "both_sides", "two_events", "no_dyad",
    ];

    private static readonly string[] Roles = ["mediator", "host", "caller", "commentator"];

    private static string PathOf(string file) => Path.Combine(RepoRoot.Path, "data", file);

    private static string SplitOf(string id) => SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id))[0] % 2 == 0 ? "dev" : "test";

    [Theory]
    [InlineData("articles/articles_en.jsonl")]
    [InlineData("articles/articles_ar.jsonl")]
    [InlineData("actors/actors_en.tsv")]
    [InlineData("actors/actors_ar.tsv")]
    public void The_set_is_frozen(string file) =>
        Assert.Equal(Frozen[file], Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(PathOf(file)))));

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void The_article_set_is_well_formed_and_split_by_id(string language)
    {
        var rows = File.ReadAllLines(PathOf($"articles/articles_{language}.jsonl")).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.True(rows.Count >= 60, $"{rows.Count} articles");
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
        foreach (var r in rows)
        {
            string S(string name) => r.GetProperty(name).GetString()!;
            Assert.Equal(language, S("language"));
            Assert.Contains(S("family"), ArticleFamilies);
            Assert.Contains(S("label"), new[] { "escalation", "deescalation", "mixed", "neutral" });
            Assert.Contains(S("alert"), new[] { "yes", "no" });
            Assert.Equal(S("family") == "hard_negative", S("domain").Length > 0);
            Assert.Equal(S("label") == "neutral", DyadScore.ParseDyads(S("dyads")).Count == 0);
            Assert.All(S("third_parties").Split(' ', StringSplitOptions.RemoveEmptyEntries), t => Assert.Contains(t.Split(':')[1], Roles));
            Assert.True(S("body").Split("\n\n").Length >= 4, $"{S("id")}: fewer than four paragraphs");
            Assert.Equal(SplitOf(S("id")), S("split"));
        }

        Assert.All(ArticleFamilies, f => Assert.True(rows.Count(r => r.GetProperty("family").GetString() == f) >= 8, f));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void The_actor_set_is_well_formed_and_split_by_id(string language)
    {
        var lines = File.ReadAllLines(PathOf($"actors/actors_{language}.tsv"));
        Assert.Equal("id\tlanguage\tfamily\tlabel\tdyads\tthird_parties\tsplit\ttext", lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();
        Assert.True(rows.Count >= 200, $"{rows.Count} sentences");
        Assert.All(rows, r => Assert.Equal(8, r.Length));
        Assert.Equal(rows.Count, rows.Select(r => r[0]).Distinct().Count());
        foreach (var r in rows)
        {
            Assert.Equal(language, r[1]);
            Assert.Contains(r[2], ActorFamilies);
            Assert.Contains(r[3], new[] { "escalation", "deescalation", "neutral" });
            var dyads = DyadScore.ParseDyads(r[4]);
            Assert.Equal(r[2] == "no_dyad", dyads.Count == 0);
            var thirds = DyadScore.ParseThirdParties(r[5]);
            Assert.DoesNotContain(dyads, d => d.Split('-').Any(thirds.Contains) && r[2] != "two_events");
            Assert.Equal(SplitOf(r[0]), r[6]);
        }

        Assert.All(ActorFamilies, f => Assert.True(rows.Count(r => r[2] == f) >= 16, f));
    }

    /// <summary>
    /// Floors for the article set's test half, measured on 2026-12-06 (lexicon 2026.12.2, model maxent-b469a8893d71 with
    /// its second stage, topics-4fed61fef354) less a margin: label accuracy 0.829 (en) and 0.919 (ar); hard negatives
    /// labelled other than neutral 1 of 12 and 0 of 7; the would-alert judgement matched in 87.8% and 97.3%. The issue's
    /// targets (0.85, at most 5%, 90%) are not all met in English; these floors only keep what was reached.
    /// On 2026-12-07, with model maxent-a6e23b64754f (3,000 more blind-written corpus sentences, L2 1e-5): 0.854 and
    /// 0.919, 1 of 12 and 1 of 7, 87.8% and 94.6%. The Arabic hard negative is one article that the new model flags;
    /// on the halves tuned on it is better (168 of 182 articles right against 160, still 0 of 53 hard negatives).
    /// Later on 2026-12-07 (model maxent-acbe8a0f7a97, topics retrained, lexicon 2026.12.3 with the rules found on new
    /// blind tuning sets): 0.902 and 0.973, 0 of 12 and 0 of 7, 90.2% and 97.3%: every target met. Session (4) of
    /// 2026-12-07 (model maxent-69d741f67521, lexicon 2026.12.4): 0.902 and 0.946, 0 of 12 and 0 of 7, 90.2% and 97.3%.
    /// Session (5) (lexicon 2026.12.5): 0.927 and 0.946, 0 of 12 and 0 of 7, 90.2% and 97.3%. Session (6) (lexicon
    /// 2026.12.6): 0.951 and 0.946, 0 of 12 and 0 of 7, 90.2% and 97.3%.
    /// </summary>
    [Theory]
    [InlineData("en", 0.92, 0, 0.88)]
    [InlineData("ar", 0.94, 0, 0.94)]
    public void The_article_test_half_scores_no_worse_than_the_recorded_floor(string language, double accuracy, int hardNegativesFlagged, double alertAgreement)
    {
        var json = Path.GetTempFileName();
        try
        {
            var stdout = new StringWriter();
            var exit = EvaluateCommand.Run(new EvaluateOptions(PathOf($"articles/articles_{language}.jsonl"), TextColumn: "body",
                Filters: [("split", "test")], By: ["family"], JsonPath: json, Articles: true, DyadsColumn: "dyads",
                ThirdPartiesColumn: "third_parties", AlertColumn: "alert"), stdout, new StringWriter());
            Assert.Equal(0, exit);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var root = report.RootElement;
            Assert.True(root.GetProperty("overall").GetProperty("accuracy").GetDouble() >= accuracy, stdout.ToString());
            var hard = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("value").GetString() == "hard_negative");
            var hardRows = hard.GetProperty("metrics").GetProperty("count").GetInt32();
            var hardRight = hard.GetProperty("metrics").GetProperty("accuracy").GetDouble() * hardRows;
            Assert.True(hardRows - Math.Round(hardRight) <= hardNegativesFlagged, $"{hardRows - Math.Round(hardRight)} hard negatives flagged\n{stdout}");
            var alerts = root.GetProperty("alerts");
            Assert.True(alerts.GetProperty("agreed").GetInt32() >= alertAgreement * alerts.GetProperty("rows").GetInt32(), stdout.ToString());
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>
    /// Floors for the actor set's test half, measured on 2026-12-06: dyad F1 0.882 (en) and 0.857 (ar), a third party
    /// made a party in 0 of 37 and 1 of 35 sentences naming one (the issue's targets: F1 0.85, at most 3%). On
    /// 2026-12-07, with model maxent-a6e23b64754f: 0.882 and 0.852, 0 of 37 and 2 of 35 (5.7%, over the target by one
    /// sentence; the dev halves are unchanged at 2.4%). Later the same day (model maxent-acbe8a0f7a97, commentators
    /// named after their verb): 0.887 and 0.871, 0 of 37 and 0 of 35. Session (4) of 2026-12-07 (model
    /// maxent-69d741f67521): 0.897 and 0.871, 0 of 37 and 0 of 35.
    /// </summary>
    [Theory]
    [InlineData("en", 0.87, 0.03)]
    [InlineData("ar", 0.85, 0.03)]
    public void The_actor_test_half_scores_no_worse_than_the_recorded_floor(string language, double f1, double thirdPartyRate)
    {
        var json = Path.GetTempFileName();
        try
        {
            var stdout = new StringWriter();
            var exit = EvaluateCommand.Run(new EvaluateOptions(PathOf($"actors/actors_{language}.tsv"), Filters: [("split", "test")],
                JsonPath: json, DyadsColumn: "dyads", ThirdPartiesColumn: "third_parties"), stdout, new StringWriter());
            Assert.Equal(0, exit);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var dyads = report.RootElement.GetProperty("dyads");
            Assert.True(dyads.GetProperty("f1").GetDouble() >= f1, stdout.ToString());
            Assert.True(dyads.GetProperty("thirdPartyRate").GetDouble() <= thirdPartyRate, stdout.ToString());
        }
        finally
        {
            File.Delete(json);
        }
    }
}

using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli.Tests;

/// <summary>The embedded default: the whole pipeline in one process on the in-memory bus, no broker.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Texts", name));

    [Fact]
    public async Task A_folder_goes_through_the_in_memory_bus_and_comes_out_as_the_scorer_scores_it()
    {
        File.WriteAllText(Path.Combine(_folder, "b_mixed_ar.txt"), Text("mixed_article_ar.txt"));
        File.WriteAllText(Path.Combine(_folder, "a_mixed_en.txt"), Text("mixed_article_en.txt"));
        File.WriteAllLines(Path.Combine(_folder, "c.jsonl"),
        [
            """{"articleId":"c1","body":"The army said warplanes struck rebel positions overnight, killing twelve fighters."}""",
            """{"articleId":"c2","body":""",
            """{"articleId":"c3","body":"The central bank left interest rates unchanged on Thursday."}""",
        ]);
        var output = Path.Combine(_folder, "out", "scored.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var stderr = new StringWriter();

        var exit = await RunCommand.RunAsync(_folder, output, 256 * 1024, TimeSpan.FromSeconds(60),
            new StringReader(""), new StringWriter(), stderr, configuration: null, CancellationToken.None);

        // The bad line is reported and makes the exit code 1; everything else is scored, in input order.
        Assert.Equal(1, exit);
        Assert.Contains("c.jsonl: line 2", stderr.ToString(), StringComparison.Ordinal);
        var lines = File.ReadAllLines(output);
        var scored = lines.Select(l => JsonSerializer.Deserialize<ArticleScored>(l, ContractJson.Options)!).ToList();
        Assert.Equal(["a_mixed_en", "b_mixed_ar", "c1", "c3"], scored.Select(s => s.ArticleId));

        // The same verdicts the scorer gives without any bus.
        var direct = new StringWriter();
        ScoreCommand.Run(_folder, "-", OutputFormat.Jsonl, 256 * 1024, new StringReader(""), direct, new StringWriter());
        var expected = direct.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<ArticleScored>(l, ContractJson.Options)!).ToList();
        Assert.Equal(expected.Count, scored.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(
                JsonSerializer.Serialize(expected[i] with { ScoredAt = null }, ContractJson.Options),
                JsonSerializer.Serialize(scored[i] with { ScoredAt = null }, ContractJson.Options));
        }

        Assert.Equal(ArticleLabel.Mixed, scored[1].Label);
        Assert.Equal(ArticleLabel.Escalation, scored[2].Label);
        Assert.Equal(ArticleLabel.Neutral, scored[3].Label);
    }
}

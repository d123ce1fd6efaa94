using System.Diagnostics;
using System.Text.Json;
using EscalationRisk.Contracts;

namespace EscalationRisk.Cli.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Texts", name));

    private static (int Exit, string Out, string Err) Run(string inPath, OutputFormat format = OutputFormat.Jsonl, string stdin = "")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = ScoreCommand.Run(inPath, "-", format, 256 * 1024, new StringReader(stdin), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Plain_text_file_is_one_article_scored_as_one_json_line()
    {
        var path = Path.Combine(_folder, "mixed_ar.txt");
        File.WriteAllText(path, Text("mixed_article_ar.txt"));
        var (exit, output, error) = Run(path);
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var scored = JsonSerializer.Deserialize<ArticleScored>(line, ContractJson.Options)!;
        Assert.Equal("mixed_ar", scored.ArticleId);
        Assert.Equal(ArticleLabel.Mixed, scored.Label);
        var body = Text("mixed_article_ar.txt");
        Assert.All(scored.Signals, s => Assert.Equal(body[s.Start..s.End], s.Text));
    }

    [Fact]
    public void Bad_jsonl_lines_are_reported_by_number_and_the_rest_still_scored()
    {
        var path = Path.Combine(_folder, "in.jsonl");
        File.WriteAllLines(path,
        [
            """{"articleId":"a1","body":"Iran vowed to retaliate against Israel."}""",
            """{"articleId":"a2","body":""",
            """{"body":"no id here"}""",
            "",
            """{"articleId":"a3","body":42}""",
            """{"articleId":"a4","body":"Egypt called for calm.","publishedAt":"yesterday"}""",
            """{"articleId":"a5","body":"Qatar offered to mediate between Washington and Tehran."}""",
        ]);
        var (exit, output, error) = Run(path);
        Assert.Equal(ScoreCommand.ExitSomeFailed, exit);
        var ids = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<ArticleScored>(l, ContractJson.Options)!.ArticleId).ToList();
        Assert.Equal(["a1", "a5"], ids);
        var errors = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, errors.Length);
        Assert.Contains("line 2: invalid JSON", errors[0], StringComparison.Ordinal);
        Assert.Contains("line 3: missing 'articleId'", errors[1], StringComparison.Ordinal);
        Assert.Contains("line 5: 'body' must be a string, found a number", errors[2], StringComparison.Ordinal);
        Assert.Contains("line 6: 'publishedAt' must be an ISO 8601 date", errors[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Body_over_the_limit_is_refused_with_its_size()
    {
        var path = Path.Combine(_folder, "big.jsonl");
        File.WriteAllText(path, JsonSerializer.Serialize(new { articleId = "big", body = new string('x', 300 * 1024) }) + "\n");
        var (exit, output, error) = Run(path);
        Assert.Equal(ScoreCommand.ExitSomeFailed, exit);
        Assert.Equal("", output);
        Assert.Contains("over the limit of 262144 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Standard_input_starting_with_a_brace_is_jsonl_otherwise_one_body()
    {
        var (exit1, out1, _) = Run("-", stdin: """{"articleId":"s1","body":"Russia deployed troops near the border."}""" + "\n");
        Assert.Equal(0, exit1);
        Assert.Contains("\"articleId\":\"s1\"", out1, StringComparison.Ordinal);
        var (exit2, out2, _) = Run("-", stdin: "Russia deployed troops near the border.");
        Assert.Equal(0, exit2);
        Assert.Contains("\"articleId\":\"stdin\"", out2, StringComparison.Ordinal);
        Assert.Contains("military_mobilization", out2, StringComparison.Ordinal);
    }

    [Fact]
    public void Folder_input_scores_every_file_in_name_order()
    {
        File.WriteAllText(Path.Combine(_folder, "b.txt"), "Egypt called for calm.");
        File.WriteAllText(Path.Combine(_folder, "a.txt"), "Russia deployed troops near the border.");
        var (exit, output, _) = Run(_folder);
        Assert.Equal(0, exit);
        var ids = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonSerializer.Deserialize<ArticleScored>(l, ContractJson.Options)!.ArticleId);
        Assert.Equal(["a", "b"], ids);
    }

    [Fact]
    public void Text_format_marks_the_evidence_in_the_article()
    {
        var path = Path.Combine(_folder, "one.txt");
        File.WriteAllText(path, "أعلن الجيش الإسرائيلي رفع حالة التأهب على الحدود.");
        var (exit, output, _) = Run(path, OutputFormat.Text);
        Assert.Equal(0, exit);
        Assert.Contains("label escalation", output, StringComparison.Ordinal);
        Assert.Contains("military_mobilization", output, StringComparison.Ordinal);
        Assert.Contains("⟦رفع حالة التأهب⟧1", output, StringComparison.Ordinal);
        Assert.Contains("ISR Israel", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_input_is_a_usage_error()
    {
        var (exit, _, error) = Run(Path.Combine(_folder, "nope.txt"));
        Assert.Equal(ScoreCommand.ExitUsage, exit);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_command_runs_as_a_process_with_the_documented_options()
    {
        var input = Path.Combine(_folder, "in.jsonl");
        var output = Path.Combine(_folder, "out.jsonl");
        File.WriteAllLines(input, ["""{"articleId":"p1","body":"Turkey offered to mediate between Russia and Ukraine."}""", "not json"]);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "escalation-risk.dll"), "score", "--in", input, "--out", output, "--format", "jsonl"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000));
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("line 2: invalid JSON", error, StringComparison.Ordinal);
        var scored = JsonSerializer.Deserialize<ArticleScored>(File.ReadAllLines(output).Single(), ContractJson.Options)!;
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.Mediation);
    }
}

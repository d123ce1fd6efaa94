using System.CommandLine;
using System.Text;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using EscalationRisk.Scoring.Input;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>score [--in PATH|-] [--out PATH|-] [--format jsonl|text]</c>: a <c>.jsonl</c> input holds one
/// <see cref="ArticleSubmitted"/> per line, any other file is one article body, a folder is every file in it,
/// and standard input is JSONL when it starts with <c>{</c>, else one body. Bad lines are reported on standard
/// error with their line number and reason; the rest are still scored; the exit code is 1 if any line failed.
/// </summary>
internal static class ScoreCommand
{
    public const int ExitOk = 0;
    public const int ExitSomeFailed = 1;
    public const int ExitUsage = 2;

    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "A file, a folder, or - for standard input.", DefaultValueFactory = _ => "-" };
        var output = new Option<string>("--out") { Description = "A file, or - for standard output.", DefaultValueFactory = _ => "-" };
        var format = new Option<OutputFormat>("--format") { Description = "jsonl (one ArticleScored per line) or text (for people).", DefaultValueFactory = _ => OutputFormat.Jsonl };
        var maxBody = new Option<int>("--max-body-bytes") { Description = "Refuse bodies larger than this (UTF-8 bytes).", DefaultValueFactory = _ => ArticleParser.DefaultMaxBodyBytes };
        var command = new Command("score", "Score articles and write one ArticleScored per line (or a readable report).")
        {
            input, output, format, maxBody,
        };
        command.SetAction(result => Run(
            result.GetValue(input)!, result.GetValue(output)!, result.GetValue(format), result.GetValue(maxBody),
            Console.In, StandardOutput(), Console.Error));
        return command;
    }

    /// <summary>
    /// Runs the command with explicit streams, so tests see exactly what a user would. The input is read as it is
    /// scored (one article held at a time) and each verdict written as UTF-8 straight from the serializer: to the
    /// stream under <paramref name="stdout"/> (or the output file) when there is one, else through the writer.
    /// </summary>
    public static int Run(string inPath, string outPath, OutputFormat format, int maxBodyBytes,
        TextReader stdin, TextWriter stdout, TextWriter stderr, ArticleScorer? scorer = null)
    {
        IEnumerator<InputItem> items;
        try
        {
            items = ArticleInput.Read(inPath, stdin, maxBodyBytes).GetEnumerator();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot read {inPath}: {ex.Message}");
            return ExitUsage;
        }

        using (items)
        {
            TextWriter writer;
            try
            {
                writer = outPath == "-" ? stdout : new StreamWriter(outPath, append: false, new UTF8Encoding(false), 1 << 16);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"error: cannot write {outPath}: {ex.Message}");
                return ExitUsage;
            }

            scorer ??= new ArticleScorer();
            var failed = 0;
            using var lines = format == OutputFormat.Jsonl ? new JsonLinesWriter(writer) : null;
            try
            {
                while (true)
                {
                    try
                    {
                        if (!items.MoveNext())
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        stderr.WriteLine($"error: cannot read {inPath}: {ex.Message}");
                        return ExitUsage;
                    }

                    var item = items.Current;
                    if (item.Error is not null)
                    {
                        failed++;
                        stderr.WriteLine($"{item.Where}: {item.Error}");
                        continue;
                    }

                    var scored = scorer.Score(item.Article!);
                    if (lines is not null)
                    {
                        lines.Write(scored);
                    }
                    else
                    {
                        TextReport.Write(writer, item.Article!, scored);
                    }
                }
            }
            finally
            {
                lines?.Flush();
                writer.Flush();
                if (!ReferenceEquals(writer, stdout))
                {
                    writer.Dispose();
                }
            }

            return failed > 0 ? ExitSomeFailed : ExitOk;
        }
    }

    /// <summary>
    /// Standard output for results: buffered (the console's own writer flushes every line, a system call per
    /// article), flushed when the command ends.
    /// </summary>
    public static TextWriter StandardOutput() => new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16);
}

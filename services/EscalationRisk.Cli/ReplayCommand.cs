using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using EscalationRisk.Scoring.Input;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>replay PATH --offline [--rules FILE] [--half-life T] [--step T] [--tail T] [--format text|jsonl]</c>: back-tests
/// a rule set. The articles (JSONL with <c>publishedAt</c>) are scored and fed to the alert engine in time order on a
/// simulated clock, evaluated every <c>--step</c>, and the alerts that would have been sent are printed with their
/// times, so operators can see what a threshold change would have done before making it.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("path") { Description = "A JSONL file of ArticleSubmitted, each with publishedAt." };
        var offline = new Option<bool>("--offline") { Description = "Score and alert in this process on a simulated clock (the only mode so far)." };
        var rules = new Option<string?>("--rules") { Description = "A rule set (JSON); default: the shipped rules." };
        var halfLife = new Option<TimeSpan>("--half-life") { Description = "The risk index half-life.", DefaultValueFactory = _ => TimeSpan.FromHours(6) };
        var step = new Option<TimeSpan>("--step") { Description = "How often the rules are evaluated on the simulated clock.", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };
        var tail = new Option<TimeSpan>("--tail") { Description = "How long to go on evaluating after the last article.", DefaultValueFactory = _ => TimeSpan.FromHours(12) };
        var format = new Option<string>("--format") { Description = "text (a line per alert) or jsonl (EscalationAlert per line).", DefaultValueFactory = _ => "text" };
        var command = new Command("replay", "Back-test alert rules: replay articles through the scorer and the alert engine on a simulated clock.")
        {
            input, offline, rules, halfLife, step, tail, format,
        };
        command.SetAction(result => Run(
            result.GetValue(input)!, result.GetValue(offline), result.GetValue(rules), result.GetValue(halfLife), result.GetValue(step),
            result.GetValue(tail), result.GetValue(format)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, bool offline, string? rulesPath, TimeSpan halfLife, TimeSpan step, TimeSpan tail, string format,
        TextWriter stdout, TextWriter stderr, ArticleScorer? scorer = null)
    {
        if (!offline)
        {
            stderr.WriteLine("error: only --offline replay is available so far (through the running pipeline: not yet)");
            return ScoreCommand.ExitUsage;
        }

        if (step <= TimeSpan.Zero || halfLife <= TimeSpan.Zero || tail < TimeSpan.Zero || format is not ("text" or "jsonl"))
        {
            stderr.WriteLine("error: --step and --half-life must be positive, --tail not negative, --format text or jsonl");
            return ScoreCommand.ExitUsage;
        }

        RuleSet rules;
        List<ArticleSubmitted> articles;
        try
        {
            rules = rulesPath is null ? RuleSet.Default : RuleSet.Parse(File.ReadAllText(rulesPath, Encoding.UTF8));
            articles = Read(path, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        if (articles.Count == 0)
        {
            stderr.WriteLine("error: no article with a publishedAt to replay");
            return ScoreCommand.ExitUsage;
        }

        scorer ??= new ArticleScorer();
        var ordered = articles.OrderBy(a => a.PublishedAt!.Value).ThenBy(a => a.ArticleId, StringComparer.Ordinal).ToList();
        var clock = new ReplayClock(ordered[0].PublishedAt!.Value);
        var engine = new AlertEngine(new RiskIndex(halfLife), clock, rules.IndexRules, rules.ArticleRules);
        var next = clock.GetUtcNow();
        foreach (var article in ordered)
        {
            var at = article.PublishedAt!.Value;
            for (; next < at; next += step)
            {
                clock.Now = next;
                Write(stdout, format, clock.Now, engine.Evaluate());
            }

            clock.Now = at;
            engine.Observe(scorer.Score(article) with { ScoredAt = at });
            Write(stdout, format, clock.Now, engine.Evaluate());
        }

        var end = ordered[^1].PublishedAt!.Value + tail;
        for (; next <= end; next += step)
        {
            clock.Now = next;
            Write(stdout, format, clock.Now, engine.Evaluate());
        }

        return ScoreCommand.ExitOk;
    }

    private static List<ArticleSubmitted> Read(string path, TextWriter stderr)
    {
        var articles = new List<ArticleSubmitted>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var parsed = ArticleParser.Parse(line);
            if (parsed.Article is null)
            {
                stderr.WriteLine($"{path}: line {number}: {parsed.Error}");
            }
            else if (parsed.Article.PublishedAt is null)
            {
                stderr.WriteLine($"{path}: line {number}: a replay needs 'publishedAt'");
            }
            else
            {
                articles.Add(parsed.Article);
            }
        }

        return articles;
    }

    private static void Write(TextWriter stdout, string format, DateTimeOffset at, IReadOnlyList<EscalationAlert> alerts)
    {
        foreach (var alert in alerts)
        {
            stdout.WriteLine(format == "jsonl"
                ? JsonSerializer.Serialize(alert, ContractJson.Options)
                : string.Create(CultureInfo.InvariantCulture,
                    $"{at:yyyy-MM-ddTHH:mm:ssZ} {(alert.Status == AlertStatus.Firing ? "firing  " : "resolved")} {alert.Severity,-8} {alert.Rule,-18} {alert.Scope.Kind.ToString().ToLowerInvariant()} {alert.Scope.Key} value {alert.Value}"));
        }
    }

    /// <summary>The simulated clock of a replay.</summary>
    private sealed class ReplayClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

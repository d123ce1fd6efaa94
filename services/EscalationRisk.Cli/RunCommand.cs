using System.CommandLine;
using System.Text;
using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using EscalationRisk.Scoring.Input;
using EscalationRisk.ScoringWorker;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>run --in PATH [--out PATH]</c>: the whole pipeline in one process. The articles are published to
/// <c>articles</c>, scored by the same consumer the scoring worker hosts, and collected from <c>article-scored</c>,
/// then written in input order. On the embedded default (in-memory bus) no broker is needed; with
/// <c>Messaging__Transport=RabbitMQ</c> the same code goes through the broker (and other workers may share the load).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "A file, a folder, or - for standard input (as for score).", DefaultValueFactory = _ => "-" };
        var output = new Option<string>("--out") { Description = "A file, or - for standard output.", DefaultValueFactory = _ => "-" };
        var maxBody = new Option<int>("--max-body-bytes") { Description = "Refuse bodies larger than this (UTF-8 bytes).", DefaultValueFactory = _ => ArticleParser.DefaultMaxBodyBytes };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for every article to come back scored.", DefaultValueFactory = _ => 300 };
        var command = new Command("run", "Run the pipeline (bus, scoring worker) in this process over a file or folder of articles.")
        {
            input, output, maxBody, timeout,
        };
        command.SetAction((result, cancellation) => RunAsync(
            result.GetValue(input)!, result.GetValue(output)!, result.GetValue(maxBody), TimeSpan.FromSeconds(result.GetValue(timeout)),
            Console.In, ScoreCommand.StandardOutput(), Console.Error, configuration: null, cancellation));
        return command;
    }

    /// <summary>Runs the pipeline; <paramref name="configuration"/> adds to (and overrides) environment variables.</summary>
    public static async Task<int> RunAsync(string inPath, string outPath, int maxBodyBytes, TimeSpan timeout,
        TextReader stdin, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? configuration, CancellationToken cancellation)
    {
        List<InputItem> items;
        try
        {
            items = ArticleInput.Read(inPath, stdin, maxBodyBytes).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: cannot read {inPath}: {ex.Message}").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        // A repeated id is a bad line like any other (the first one is scored, exit code 1), since the pipeline
        // answers by id and could not tell the two apart.
        var failed = 0;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var articles = new List<ArticleSubmitted>();
        foreach (var item in items)
        {
            var error = item.Error;
            if (item.Article is { } article && !seen.TryAdd(article.ArticleId, item.Where))
            {
                error = $"'articleId' {article.ArticleId} was already given at {seen[article.ArticleId]}";
            }

            if (error is not null)
            {
                failed++;
                await stderr.WriteLineAsync($"{item.Where}: {error}").ConfigureAwait(false);
            }
            else
            {
                articles.Add(item.Article!);
            }
        }

        var collector = new ScoredCollector(articles.Select(a => a.ArticleId));
        var builder = CliHost.CreateBuilder(configuration);
        builder.Services.AddSingleton(collector);
        builder.Services.AddScoringWorker(builder.Configuration, bus => bus.ConsumeScored<CollectScoredConsumer>($"run-{Environment.ProcessId}-{Guid.NewGuid():N}", temporary: true));

        using var host = builder.Build();
        await host.StartAsync(cancellation).ConfigureAwait(false);
        try
        {
            var state = host.Services.GetRequiredService<BusState>();
            if (!await CliHost.WaitStartedAsync(state, timeout, cancellation).ConfigureAwait(false))
            {
                await stderr.WriteLineAsync($"error: the bus did not start: {state.Current.Description}").ConfigureAwait(false);
                return ScoreCommand.ExitUsage;
            }

            var bus = host.Services.GetRequiredService<IBus>();
            foreach (var article in articles)
            {
                await bus.Publish(article, cancellation).ConfigureAwait(false);
            }

            if (!await collector.WaitAsync(timeout, cancellation).ConfigureAwait(false))
            {
                await stderr.WriteLineAsync($"error: {collector.Missing} of {articles.Count} articles did not come back scored within {timeout.TotalSeconds} s").ConfigureAwait(false);
                failed += collector.Missing;
            }

            await WriteAsync(outPath, stdout, articles, collector).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return failed > 0 ? ScoreCommand.ExitSomeFailed : ScoreCommand.ExitOk;
    }

    private static async Task WriteAsync(string outPath, TextWriter stdout, List<ArticleSubmitted> articles, ScoredCollector collector)
    {
        var writer = outPath == "-" ? stdout : new StreamWriter(outPath, append: false, new UTF8Encoding(false), 1 << 16);
        try
        {
            using var lines = new JsonLinesWriter(writer);
            foreach (var article in articles)
            {
                if (collector.TryGet(article.ArticleId, out var scored))
                {
                    lines.Write(scored);
                }
            }

            lines.Flush();
        }
        finally
        {
            await writer.FlushAsync().ConfigureAwait(false);
            if (!ReferenceEquals(writer, stdout))
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

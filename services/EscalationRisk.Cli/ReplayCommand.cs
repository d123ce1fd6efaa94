using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EscalationRisk.AlertWorker;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using EscalationRisk.Scoring;
using EscalationRisk.Scoring.Input;
using EscalationRisk.ScoringWorker;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>replay PATH</c> in two modes.
/// <para><c>--offline [--rules FILE] [--half-life T] [--step T] [--tail T] [--store CS]</c> back-tests a rule set (see <see cref="OfflineReplay"/>): the articles
/// (JSONL with <c>publishedAt</c>) are scored and fed to the alert engine in time order on a simulated clock,
/// evaluated every <c>--step</c>, and the alerts that would have been sent are printed with their times, so
/// operators can see what a threshold change would have done before making it.</para>
/// <para>Without <c>--offline</c> the articles are published to <c>articles</c> at <c>--rate</c> per second through
/// the running pipeline, and the alerts it publishes are printed as they arrive until <c>--wait</c> after the last
/// article. Whether this process hosts the scoring and alert consumers is <see cref="WorkerHosting"/>'s
/// (<c>Hosting__Workers</c>): on the embedded default (in-memory bus) it does, with a fresh SQLite store unless
/// <c>ConnectionStrings__Alerts</c> names one; on RabbitMQ the workers are the deployed ones.</para>
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("path") { Description = "A JSONL file of ArticleSubmitted, each with publishedAt." };
        var offline = new Option<bool>("--offline") { Description = "Score and alert in this process on a simulated clock (a back-test)." };
        var rate = new Option<double>("--rate") { Description = "Live mode: articles published per second.", DefaultValueFactory = _ => 50 };
        var wait = new Option<TimeSpan>("--wait") { Description = "Live mode: how long to go on printing alerts after the last article.", DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var rules = new Option<string?>("--rules") { Description = "A rule set (JSON); default: the shipped rules." };
        var halfLife = new Option<TimeSpan>("--half-life") { Description = "The risk index half-life.", DefaultValueFactory = _ => TimeSpan.FromHours(6) };
        var step = new Option<TimeSpan>("--step") { Description = "How often the rules are evaluated on the simulated clock.", DefaultValueFactory = _ => TimeSpan.FromMinutes(1) };
        var tail = new Option<TimeSpan>("--tail") { Description = "How long to go on evaluating after the last article.", DefaultValueFactory = _ => TimeSpan.FromHours(12) };
        var format = new Option<string>("--format") { Description = "text (a line per alert) or jsonl (EscalationAlert per line).", DefaultValueFactory = _ => "text" };
        var series = new Option<string?>("--series") { Description = "Offline: also write every scope's pressure, effort, risk and baseline every 15 simulated minutes to this file (TSV)." };
        var store = new Option<string?>("--store") { Description = "Offline: run the engine as the alert worker does, journaled in this store (a new one: \"Data Source=FILE\" or a PostgreSQL connection string)." };
        var command = new Command("replay", "Replay articles through the running pipeline, or (--offline) back-test alert rules on a simulated clock.")
        {
            input, offline, rate, wait, rules, halfLife, step, tail, format, series, store,
        };
        command.SetAction((result, cancellation) => result.GetValue(offline)
            ? Task.FromResult(OfflineReplay.RunWithSeries(
                result.GetValue(input)!, result.GetValue(rules), result.GetValue(halfLife), result.GetValue(step),
                result.GetValue(tail), result.GetValue(format)!, result.GetValue(series), result.GetValue(store), Console.Out, Console.Error))
            : RunLiveAsync(
                result.GetValue(input)!, result.GetValue(rate), result.GetValue(wait), result.GetValue(format)!, Console.Out, Console.Error,
                configuration: null, cancellation));
        return command;
    }

    /// <summary>The live mode; <paramref name="configuration"/> adds to (and overrides) environment variables.</summary>
    public static async Task<int> RunLiveAsync(string path, double rate, TimeSpan wait, string format, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string?>? configuration, CancellationToken cancellation)
    {
        if (!(rate > 0) || wait < TimeSpan.Zero || format is not ("text" or "jsonl"))
        {
            await stderr.WriteLineAsync("error: --rate must be positive, --wait not negative, --format text or jsonl").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        List<ArticleSubmitted> articles;
        try
        {
            articles = Read(path, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        if (articles.Count == 0)
        {
            await stderr.WriteLineAsync("error: no article to replay").ConfigureAwait(false);
            return ScoreCommand.ExitUsage;
        }

        var builder = CliHost.CreateBuilder(configuration);
        var printer = new AlertPrinter(stdout, format, TimeProvider.System);
        builder.Services.AddSingleton(printer);
        var watch = $"replay-alerts-{Environment.ProcessId}-{Guid.NewGuid():N}";
        string? folder = null;
        if (WorkerHosting.InProcess(builder.Configuration))
        {
            if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Alerts")))
            {
                folder = Directory.CreateTempSubdirectory("er-replay-").FullName;
                builder.Configuration["ConnectionStrings:Alerts"] = $"Data Source={Path.Combine(folder, "alerts.db")};Pooling=False";
            }

            builder.Services.AddAlerting(builder.Configuration);
            builder.Services.AddScoringWorker(builder.Configuration, bus => bus.ConsumeAlerting().ConsumeAlerts<PrintAlertConsumer>(watch));
        }
        else
        {
            builder.Services.AddEscalationRiskMessaging(builder.Configuration, bus => bus.ConsumeAlerts<PrintAlertConsumer>(watch));
        }

        try
        {
            using var host = builder.Build();
            await host.StartAsync(cancellation).ConfigureAwait(false);
            try
            {
                var state = host.Services.GetRequiredService<BusState>();
                if (!await CliHost.WaitStartedAsync(state, TimeSpan.FromSeconds(60), cancellation).ConfigureAwait(false))
                {
                    await stderr.WriteLineAsync($"error: the bus did not start: {state.Current.Description}").ConfigureAwait(false);
                    return ScoreCommand.ExitUsage;
                }

                var bus = host.Services.GetRequiredService<IBus>();
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < articles.Count; i++)
                {
                    // Paced from the start, so a slow publish is caught up rather than added to every interval.
                    var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, cancellation).ConfigureAwait(false);
                    }

                    await bus.Publish(articles[i], cancellation).ConfigureAwait(false);
                }

                var seconds = clock.Elapsed.TotalSeconds;
                await Task.Delay(wait, cancellation).ConfigureAwait(false);
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"replayed {articles.Count} articles in {seconds:F1} s ({articles.Count / Math.Max(seconds, 1e-3):F0}/s); {printer.Count} alerts")).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            if (folder is not null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return ScoreCommand.ExitOk;
    }

    private static List<ArticleSubmitted> Read(string path, TextWriter stderr)
    {
        var articles = new List<ArticleSubmitted>();
        foreach (var item in ArticleInput.ReadLines(path, new StreamReader(path, Encoding.UTF8), ArticleParser.DefaultMaxBodyBytes))
        {
            if (item.Article is null)
            {
                stderr.WriteLine($"{item.Where}: {item.Error}");
            }
            else
            {
                articles.Add(item.Article);
            }
        }

        return articles;
    }

    internal static void Write(TextWriter stdout, string format, DateTimeOffset at, IReadOnlyList<EscalationAlert> alerts)
    {
        foreach (var alert in alerts)
        {
            stdout.WriteLine(format == "jsonl"
                ? JsonSerializer.Serialize(alert, ContractJson.Options)
                : string.Create(CultureInfo.InvariantCulture,
                    $"{at:yyyy-MM-ddTHH:mm:ssZ} {(alert.Status == AlertStatus.Firing ? "firing  " : "resolved")} {alert.Severity,-8} {alert.Rule,-18} {WireNames.Of(alert.Scope.Kind)} {alert.Scope.Key} value {alert.Value}{Series(alert)}"));
        }
    }

    private static string Series(EscalationAlert alert) => alert.Pressure is { } pressure
        ? string.Create(CultureInfo.InvariantCulture, $" pressure {pressure} effort {alert.Effort} baseline {(alert.Baseline is { } b ? b.ToString(CultureInfo.InvariantCulture) : "unknown")}")
        : "";
}

/// <summary>Prints alerts as they arrive, with the time they arrived.</summary>
internal sealed class AlertPrinter(TextWriter stdout, string format, TimeProvider clock)
{
    private readonly Lock _gate = new();

    public int Count { get; private set; }

    public void Print(EscalationAlert alert)
    {
        lock (_gate)
        {
            Count++;
            ReplayCommand.Write(stdout, format, clock.GetUtcNow(), [alert]);
            stdout.Flush();
        }
    }
}

/// <summary>Hands every alert on the bus to the printer.</summary>
internal sealed class PrintAlertConsumer(AlertPrinter printer) : IConsumer<EscalationAlert>
{
    public Task Consume(ConsumeContext<EscalationAlert> context)
    {
        printer.Print(context.Message);
        return Task.CompletedTask;
    }
}

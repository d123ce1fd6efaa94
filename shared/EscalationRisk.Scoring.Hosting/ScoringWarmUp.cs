using System.Buffers;
using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using EscalationRisk.Contracts;
using EscalationRisk.Messaging;
using EscalationRisk.Scoring;
using MassTransit;
using MassTransit.Mediator;
using Microsoft.Extensions.Logging;

namespace EscalationRisk.ScoringWorker;

/// <summary>
/// Before the scoring worker takes its first message, runs its consumer on articles of its own, through MassTransit's
/// in-memory mediator (the consume and publish pipes, the scorer, the message id), and writes each
/// <see cref="ArticleScored"/> as the bus serializer does, until the JIT has nearly nothing left to compile for that
/// path: the scorer is loaded and the hot methods have climbed their tiers, dynamic PGO included. A fresh worker then
/// spends on its first articles close to what a long-running one does, which a scale-out at the start of a burst
/// meets (docs/performance.md, "Warm from the start"). What it cannot reach is RabbitMQ's own transport code.
/// It stops when fewer than <see cref="QuietMethods"/> methods were compiled between two looks, twice in a row, or at
/// <see cref="ScoringWarmUpOptions.MaxTime"/>.
/// </summary>
public sealed partial class ScoringWarmUp(ArticleScorer scorer, IMediator mediator, ScoringWarmUpOptions options, ILogger<ScoringWarmUp> logger) : IWarmUp
{
    private static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(5);

    /// <summary>How often the warm-up looks at how many methods the JIT has compiled.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Fewer methods than this compiled since the last look, twice in a row, ends the warm-up: what is left are
    /// stragglers (a method on a rare path reaching its next tier), not worth holding the start for.
    /// </summary>
    public const int QuietMethods = 20;

    /// <inheritdoc />
    public Task WarmUpAsync(CancellationToken cancellation) =>
        options.MaxTime <= TimeSpan.Zero ? Task.CompletedTask : Task.Run(() => RunAsync(cancellation), cancellation);

    /// <summary>The header that marks a warm-up article: the consumer leaves it out of its metrics.</summary>
    public const string Header = "ER-Warm-Up";

    private static readonly IPipe<SendContext<ArticleSubmitted>> MarkWarmUp =
        Pipe.Execute<SendContext<ArticleSubmitted>>(send => send.Headers.Set(Header, "1"));

    /// <summary>Runs the warm-up; returns the articles scored.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var compiledBefore = JitInfo.GetCompiledMethodCount();
        var articles = WarmUpTexts.Articles();
        var buffer = new ArrayBufferWriter<byte>(16384);
        using var writer = new Utf8JsonWriter(buffer, ContractJson.WriterOptions);
        var compiled = compiledBefore;
        var lastCheck = started;
        var quietChecks = 0;
        var scoredCount = 0;
        while (!cancellation.IsCancellationRequested)
        {
            var pass = Stopwatch.GetTimestamp();
            foreach (var json in articles)
            {
                var article = ArticleParser.Parse(json).Article ?? throw new InvalidOperationException("a warm-up article was refused");
                // The consumer itself, through MassTransit's consume and publish pipes, in memory: nothing leaves the
                // process, and the consumer leaves the article out of its metrics.
                await mediator.Send(article, MarkWarmUp, cancellation).ConfigureAwait(false);

                // The writer of ArticleScored, which the mediator does not serialise.
                var scored = scorer.Score(article) with { ScoredAt = DateTimeOffset.UtcNow };
                ContractJson.Write(writer, scored);
                writer.Flush();
                buffer.ResetWrittenCount();
                writer.Reset();
                scoredCount++;
            }

            // The tiers are climbed by time (the runtime's call-counting delay, its background compiler) more than by
            // calls: a pass over the articles then a pause twice as long gives the methods their calls at a third of
            // the CPU.
            await Task.Delay(Stopwatch.GetElapsedTime(pass) * 2 + MinimumPause, cancellation).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(lastCheck, now) < CheckInterval)
            {
                continue;
            }

            var count = JitInfo.GetCompiledMethodCount();
            quietChecks = count - compiled < QuietMethods ? quietChecks + 1 : 0;
            compiled = count;
            lastCheck = now;
            if (quietChecks >= 2)
            {
                break;
            }

            if (Stopwatch.GetElapsedTime(started, now) >= options.MaxTime)
            {
                break;
            }
        }

        // What the warm-up allocated is garbage: give the memory back before the first message, so the worker's
        // resident set starts where it would have without the warm-up.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds;
        var methods = JitInfo.GetCompiledMethodCount() - compiledBefore;
        LogWarmedUp(logger, scoredCount, seconds, cpuSeconds, methods);
        return scoredCount;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up on {Articles} articles in {Seconds:0.00} s ({CpuSeconds:0.00} s of CPU, {Methods} methods compiled)")]
    private static partial void LogWarmedUp(ILogger logger, int articles, double seconds, double cpuSeconds, long methods);
}

/// <summary>The scoring worker's warm-up settings (<c>Scoring:WarmUp</c>).</summary>
public sealed class ScoringWarmUpOptions
{
    /// <summary>The longest the warm-up may run; zero turns it off.</summary>
    public TimeSpan MaxTime { get; set; } = TimeSpan.FromSeconds(20);
}

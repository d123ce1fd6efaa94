using System.Diagnostics;
using System.Globalization;
using System.Text;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using EscalationRisk.Scoring.Input;

namespace EscalationRisk.Cli;

/// <summary>
/// <c>replay --offline</c>: a back-test of a rule set on a simulated clock. The articles are scored and fed to the
/// alert engine in time order, the rules evaluated every step, and the alerts that would have been sent printed with
/// their times. A file already in time order is streamed (read twice, never held whole), so a simulated day of a
/// million articles fits in memory; one out of order is read whole and sorted. With <c>--store</c> the engine runs as
/// the alert worker's does, inside an <see cref="AlertState"/> on that store (journal, group commits, background
/// checkpoints, the articles read model), and prints the same alerts at the same times.
/// </summary>
internal static class OfflineReplay
{
    /// <summary>How many steps may wait for their commit at once when replaying through a store.</summary>
    private const int StoreWindow = 1024;

    /// <summary>The replay, with the series written to <paramref name="seriesPath"/> when given.</summary>
    public static int RunWithSeries(string path, string? rulesPath, TimeSpan halfLife, TimeSpan step, TimeSpan tail, string format,
        string? seriesPath, string? store, TextWriter stdout, TextWriter stderr)
    {
        if (seriesPath is null)
        {
            return Run(path, rulesPath, halfLife, step, tail, format, stdout, stderr, store: store);
        }

        if (store is not null)
        {
            stderr.WriteLine("error: --series and --store go separately (the series is read from the engine in this process)");
            return ScoreCommand.ExitUsage;
        }

        try
        {
            using var series = new StreamWriter(seriesPath, append: false, Encoding.UTF8);
            return Run(path, rulesPath, halfLife, step, tail, format, stdout, stderr, series: series);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"error: cannot write {seriesPath}: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }
    }

    public static int Run(string path, string? rulesPath, TimeSpan halfLife, TimeSpan step, TimeSpan tail, string format,
        TextWriter stdout, TextWriter stderr, ArticleScorer? scorer = null, TextWriter? series = null, string? store = null)
    {
        if (step <= TimeSpan.Zero || halfLife <= TimeSpan.Zero || tail < TimeSpan.Zero || format is not ("text" or "jsonl"))
        {
            stderr.WriteLine("error: --step and --half-life must be positive, --tail not negative, --format text or jsonl");
            return ScoreCommand.ExitUsage;
        }

        RuleSet rules;
        Input input;
        try
        {
            rules = rulesPath is null ? RuleSet.Default : RuleSet.Parse(File.ReadAllText(rulesPath, Encoding.UTF8));
            input = Input.Open(path, stderr);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ScoreCommand.ExitUsage;
        }

        if (input.Count == 0)
        {
            stderr.WriteLine("error: no article with a publishedAt to replay");
            return ScoreCommand.ExitUsage;
        }

        scorer ??= new ArticleScorer();
        var watch = Stopwatch.StartNew();
        var clock = new StepClock(input.First);
        using var target = store is null
            ? (ITarget)new EngineTarget(new AlertEngine(new RiskIndex(halfLife), clock, rules.IndexRules, rules.ArticleRules), clock, stdout, format)
            : new StoreTarget(new AlertState(AlertStores.Open(store), clock, halfLife, rules), stdout, format);
        var next = clock.Now;
        series?.WriteLine("time\tkind\tkey\tpressure\teffort\trisk\tbaseline");
        var quarter = TimeSpan.FromMinutes(15).Ticks;
        var lastQuarter = -1L;
        long peak = 0;
        void Tick(DateTimeOffset at)
        {
            clock.Now = at;
            target.Tick(at);
            if (at.UtcTicks / quarter != lastQuarter && at.UtcTicks % quarter < step.Ticks)
            {
                lastQuarter = at.UtcTicks / quarter;
                WriteSeries(series, at, target.Engine);
                peak = Math.Max(peak, Environment.WorkingSet);
            }
        }

        var last = input.First;
        foreach (var article in input.Articles())
        {
            var at = article.PublishedAt!.Value;
            for (; next < at; next += step)
            {
                Tick(next);
            }

            clock.Now = at;
            target.Observe(scorer.Score(article) with { ScoredAt = at }, at);
            last = at;
        }

        for (var end = last + tail; next <= end; next += step)
        {
            Tick(next);
        }

        target.Finish();
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay: {input.Count} articles over {(last - input.First).TotalHours:F1} simulated hours in {watch.Elapsed.TotalSeconds:F0} s; {target.Alerts} alerts; working set sampled every 15 simulated minutes, highest {Math.Max(peak, Environment.WorkingSet) / 1048576.0:F0} MB"));
        return ScoreCommand.ExitOk;
    }

    /// <summary>Writes every scope's pressure, effort, combined risk and baseline at one time, as tab-separated lines.</summary>
    private static void WriteSeries(TextWriter? series, DateTimeOffset at, AlertEngine? engine)
    {
        if (series is null || engine is null)
        {
            return;
        }

        foreach (var v in engine.Values().OrderBy(v => v.Scope.Kind).ThenBy(v => v.Scope.Key, StringComparer.Ordinal))
        {
            series.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{at:yyyy-MM-ddTHH:mm:ssZ}\t{WireNames.Of(v.Scope.Kind)}\t{v.Scope.Key}\t{v.Pressure}\t{v.Effort}\t{v.Value}\t{(v.Baseline is { } b ? b.ToString(CultureInfo.InvariantCulture) : "")}"));
        }
    }

    /// <summary>
    /// The articles to replay in time order: streamed from the file when it is in time order already (checked by a
    /// first pass that also reports bad lines), else read whole and sorted.
    /// </summary>
    private sealed class Input
    {
        private readonly string _path;
        private readonly List<ArticleSubmitted>? _sorted;

        private Input(string path, int count, DateTimeOffset first, List<ArticleSubmitted>? sorted)
        {
            _path = path;
            Count = count;
            First = first;
            _sorted = sorted;
        }

        public int Count { get; }

        public DateTimeOffset First { get; }

        public static Input Open(string path, TextWriter stderr)
        {
            var count = 0;
            DateTimeOffset? first = null, previous = null;
            var ordered = true;
            foreach (var article in Valid(path, stderr))
            {
                var at = article.PublishedAt!.Value;
                ordered &= previous is null || at >= previous;
                first = first is null || at < first ? at : first;
                previous = at;
                count++;
            }

            if (ordered)
            {
                return new Input(path, count, first ?? default, null);
            }

            var all = Valid(path, TextWriter.Null).OrderBy(a => a.PublishedAt!.Value).ThenBy(a => a.ArticleId, StringComparer.Ordinal).ToList();
            return new Input(path, count, first!.Value, all);
        }

        public IEnumerable<ArticleSubmitted> Articles() => _sorted ?? Valid(_path, TextWriter.Null);

        private static IEnumerable<ArticleSubmitted> Valid(string path, TextWriter stderr)
        {
            using var reader = new StreamReader(path, Encoding.UTF8);
            foreach (var item in ArticleInput.ReadLines(path, reader, ArticleParser.DefaultMaxBodyBytes))
            {
                if (item.Article is null)
                {
                    stderr.WriteLine($"{item.Where}: {item.Error}");
                }
                else if (item.Article.PublishedAt is null)
                {
                    stderr.WriteLine($"{item.Where}: a replay needs 'publishedAt'");
                }
                else
                {
                    yield return item.Article;
                }
            }
        }
    }

    /// <summary>Where the replay's steps go.</summary>
    private interface ITarget : IDisposable
    {
        /// <summary>The engine in this process, for the series; null when it lives behind a store.</summary>
        AlertEngine? Engine { get; }

        int Alerts { get; }

        void Observe(ArticleScored article, DateTimeOffset at);

        void Tick(DateTimeOffset at);

        void Finish();
    }

    /// <summary>The engine alone, in memory.</summary>
    private sealed class EngineTarget(AlertEngine engine, StepClock clock, TextWriter stdout, string format) : ITarget
    {
        public AlertEngine? Engine => engine;

        public int Alerts { get; private set; }

        public void Observe(ArticleScored article, DateTimeOffset at)
        {
            engine.Observe(article);
            Tick(at);
        }

        public void Tick(DateTimeOffset at)
        {
            var alerts = engine.Evaluate();
            Alerts += alerts.Count;
            ReplayCommand.Write(stdout, format, clock.Now, alerts);
        }

        public void Finish()
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The engine as the alert worker runs it: each step journaled in the store, in group commits.</summary>
    private sealed class StoreTarget : ITarget
    {
        private readonly AlertState _state;
        private readonly Queue<Task<bool>> _waiting = new();
        private int _alerts;

        public StoreTarget(AlertState state, TextWriter stdout, string format)
        {
            _state = state;
            state.Decided += (at, decided) =>
            {
                _alerts += decided.Count;
                ReplayCommand.Write(stdout, format, at, decided);
            };
        }

        public AlertEngine? Engine => null;

        public int Alerts => _alerts;

        public void Observe(ArticleScored article, DateTimeOffset at) => Enqueue(_state.ApplyAtAsync(at, engine => (engine.Observe(article), true)));

        public void Tick(DateTimeOffset at) => Enqueue(_state.ApplyAtAsync(at, _ => (false, true)));

        public void Finish()
        {
            while (_waiting.TryDequeue(out var task))
            {
                task.GetAwaiter().GetResult();
            }
        }

        public void Dispose() => _state.Dispose();

        private void Enqueue(Task<bool> task)
        {
            _waiting.Enqueue(task);
            if (_waiting.Count > StoreWindow)
            {
                _waiting.Dequeue().GetAwaiter().GetResult();
            }
        }
    }
}

using BenchmarkDotNet.Attributes;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Benchmarks;

/// <summary>
/// The alert worker's cost per scored article: the engine alone in memory (the baseline), and the engine kept in a
/// store (lock, reload check, snapshot and outbox written, committed) on SQLite and, when <c>ER_PG_CONNECTION</c>
/// names a server, PostgreSQL; one article per commit, and 32 arriving together (the worker's default group).
/// Each iteration starts from a store already holding 500 articles over about 40 dyads.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(64)]
public class AlertStateBenchmarks : IDisposable
{
    private static readonly string[] States = ["IRN", "USA", "ISR", "RUS", "LBN", "SYR", "ARM", "AZE", "CHN", "TWN"];
    private readonly string _folder = Directory.CreateTempSubdirectory("er-bench-").FullName;
    private AlertState? _state;
    private AlertEngine? _engine;
    private int _next;

    /// <summary>The stores measured: all three, or those <c>ER_BENCH_STORES</c> lists (comma-separated).</summary>
    public static IEnumerable<string> Stores =>
        Environment.GetEnvironmentVariable("ER_BENCH_STORES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        ?? ["memory", "sqlite", "postgres"];

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "memory";

    [IterationSetup]
    public void Setup()
    {
        _state?.Dispose();
        _next = 0;
        _engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), TimeProvider.System, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        if (Store == "memory")
        {
            _state = null;
        }
        else
        {
            var connection = Store == "sqlite" ? $"Data Source={Path.Combine(_folder, $"{Guid.NewGuid():N}.db")}" : EscalationRisk.Testing.TestPostgres.Fresh();
            _state = new AlertState(AlertStores.Open(connection), TimeProvider.System, TimeSpan.FromHours(6));
        }

        if (_state is null)
        {
            for (var i = 0; i < 500; i++)
            {
                Observe();
            }
        }
        else
        {
            Task.WaitAll([.. Enumerable.Range(0, 500).Select(_ => _state.ApplyAsync(e => (e.Observe(Article()), true)))]);
        }
    }

    /// <summary>One article, committed alone.</summary>
    [Benchmark(Baseline = true)]
    public void ObserveOneArticle() => Observe();

    /// <summary>32 articles arriving together, committed together; the time shown is per article.</summary>
    [Benchmark(OperationsPerInvoke = 32)]
    public void Observe32Together()
    {
        if (_state is null)
        {
            for (var i = 0; i < 32; i++)
            {
                Observe();
            }

            return;
        }

        Task.WaitAll([.. Enumerable.Range(0, 32).Select(_ => _state.ApplyAsync(e => (e.Observe(Article()), true)))]);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _state?.Dispose();
        _state = null;
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private void Observe()
    {
        var article = Article();
        if (_state is null)
        {
            _engine!.Observe(article);
            _engine.Evaluate();
        }
        else
        {
            _state.ApplyAsync(e => (e.Observe(article), true)).GetAwaiter().GetResult();
        }
    }

    private ArticleScored Article() =>
        BenchArticles.Between(Interlocked.Increment(ref _next), States, "GBR", "bench", DateTimeOffset.UtcNow, threat: false);
}

using BenchmarkDotNet.Attributes;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Benchmarks;

/// <summary>
/// Issue 14's state-size benchmark: the cost of committing articles to an alert store that already holds 1,000,
/// 10,000 or 100,000 articles within the decay window (500,000 too when <c>ER_BENCH_HELD</c> lists it), on SQLite and
/// (with <c>ER_PG_CONNECTION</c>) PostgreSQL, one article per commit and 32 together. The store is built once per case
/// (the held articles as its checkpoint); each commit appends to the journal. Compare the medians across
/// <see cref="Held"/>: a store whose commit cost grows with what it holds shows it here.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(64)]
public class AlertStoreSizeBenchmarks : IDisposable
{
    private static readonly string[] States = ["IRN", "USA", "ISR", "RUS", "LBN", "SYR", "ARM", "AZE", "CHN", "TWN", "IND", "PAK", "KOR", "PRK", "UKR", "GBR"];
    private readonly string _folder = Directory.CreateTempSubdirectory("er-bench-size-").FullName;
    private AlertState? _state;
    private int _next;

    /// <summary>The stores measured: <c>sqlite</c> and <c>postgres</c>, or those <c>ER_BENCH_STORES</c> lists.</summary>
    public static IEnumerable<string> Stores =>
        Environment.GetEnvironmentVariable("ER_BENCH_STORES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s != "memory")
        ?? ["sqlite", "postgres"];

    /// <summary>The held sizes: 1,000, 10,000 and 100,000, or those <c>ER_BENCH_HELD</c> lists.</summary>
    public static IEnumerable<int> Sizes =>
        Environment.GetEnvironmentVariable("ER_BENCH_HELD")?.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse) ?? [1_000, 10_000, 100_000];

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "sqlite";

    [ParamsSource(nameof(Sizes))]
    public int Held { get; set; } = 1_000;

    [GlobalSetup]
    public void Setup()
    {
        // The held articles, spread over the last 40 hours (inside the contributions' 48 h), as the store's checkpoint.
        var now = DateTimeOffset.UtcNow;
        var clock = new StepClock(now - TimeSpan.FromHours(40));
        var engine = new AlertEngine(new RiskIndex(TimeSpan.FromHours(6)), clock, DefaultRules.IndexRules, [DefaultRules.ArticleAttack]);
        var step = TimeSpan.FromHours(40) / Held;
        for (var i = 0; i < Held; i++)
        {
            clock.Now += step;
            engine.Observe(Article(clock.Now));
            if (i % 500 == 0)
            {
                engine.Evaluate();
            }
        }

        var connection = Store == "sqlite" ? $"Data Source={Path.Combine(_folder, $"{Guid.NewGuid():N}.db")}" : EscalationRisk.Testing.TestPostgres.Fresh();
        using (var store = AlertStores.Open(connection))
        {
            store.Write(session =>
            {
                session.Checkpoint(engine.Export(), 0);
                return true;
            });
        }

        _state = new AlertState(AlertStores.Open(connection), TimeProvider.System, TimeSpan.FromHours(6));
        if (_state.Query(e => e.Export().Index.Articles.Count) != Held)
        {
            throw new InvalidOperationException("the store does not hold the articles");
        }
    }

    /// <summary>One article, committed alone.</summary>
    [Benchmark(Baseline = true)]
    public void ObserveOneArticle()
    {
        var article = Article(DateTimeOffset.UtcNow);
        _state!.ApplyAsync(e => (e.Observe(article), true)).GetAwaiter().GetResult();
    }

    /// <summary>32 articles arriving together, committed together; the time shown is per article.</summary>
    [Benchmark(OperationsPerInvoke = 32)]
    public void Observe32Together() =>
        Task.WaitAll([.. Enumerable.Range(0, 32).Select(_ => { var a = Article(DateTimeOffset.UtcNow); return _state!.ApplyAsync(e => (e.Observe(a), true)); })]);

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

    private ArticleScored Article(DateTimeOffset at) =>
        BenchArticles.Between(Interlocked.Increment(ref _next), States, "FRA", "size", at, threat: true);
}

using BenchmarkDotNet.Attributes;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;

namespace EscalationRisk.Benchmarks;

/// <summary>
/// The scorer on one core: a sample article (the team's Arabic sample, or the file <c>ER_BENCH_SAMPLE_AR</c> names, such
/// as the first real input beside a checkout: ../shared/samples/seed_article_ar.txt), a 20 KB article and a
/// sentence, in Arabic and English. Operations per second are articles per second per core.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ScorerBenchmarks
{
    private ArticleScorer _scorer = null!;
    private ArticleSubmitted _article = null!;

    /// <summary>
    /// Rules only; rules fused with the shipped n-gram model; or the scorer as shipped (the n-gram model, its second
    /// stage and the document-topic classifier).
    /// </summary>
    [Params("rules", "rules+model", "rules+model+stack", "shipped")]
    public string Scorer { get; set; } = "rules";

    [ParamsSource(nameof(Inputs))]
    public string Input { get; set; } = "";

    /// <summary>Every input, or those <c>ER_BENCH_INPUTS</c> lists (comma-separated).</summary>
    public static IEnumerable<string> Inputs() =>
        Environment.GetEnvironmentVariable("ER_BENCH_INPUTS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        ?? ["sample-ar", "article-20kb-ar", "article-en", "article-20kb-en", "sentence-ar", "sentence-en"];

    [GlobalSetup]
    public void Setup()
    {
        var model = Scorer == "rules" ? null
            : EscalationRisk.Scoring.Model.ModelFile.LoadEmbedded() ?? throw new InvalidOperationException("no model shipped: run 'train' first");
        _scorer = Scorer switch
        {
            "shipped" => new ArticleScorer(),
            "rules+model+stack" => new ArticleScorer(EscalationRisk.Scoring.Matching.CompiledLexicon.LoadEmbedded(), TimeProvider.System, model,
                EscalationRisk.Scoring.Model.Stacker.LoadEmbedded()),
            _ => new ArticleScorer(EscalationRisk.Scoring.Matching.CompiledLexicon.LoadEmbedded(), TimeProvider.System, model),
        };
        _article = new ArticleSubmitted(Input, Texts.Get(Input));
        _scorer.Score(_article); // warm the per-thread buffers and term cache
    }

    /// <summary>The floor: one pass of the tokenizer over the same text, the least any scorer must do.</summary>
    [Benchmark(Baseline = true)]
    public int Tokenize()
    {
        _tokens.Clear();
        var counts = default(EscalationRisk.Scoring.Text.ScriptCounts);
        EscalationRisk.Scoring.Text.Tokenizer.Tokenize(_article.Body, _tokens, ref counts);
        return _tokens.Count;
    }

    [Benchmark]
    public ArticleScored Score() => _scorer.Score(_article);

    private readonly List<EscalationRisk.Scoring.Text.Token> _tokens = new(8192);
}

/// <summary>The benchmark inputs, found from the repository root.</summary>
public static class Texts
{
    private static readonly string Root = EscalationRisk.Testing.RepoRoot.Path;

    public static string Get(string name) => name switch
    {
        "sample-ar" => File.ReadAllText(Environment.GetEnvironmentVariable("ER_BENCH_SAMPLE_AR") is { Length: > 0 } sample ? sample : Path.Combine(Root, "samples", "mixed_article_ar.txt")),
        "article-20kb-ar" => Repeat(Team("mixed_article_ar.txt"), 20 * 1024),
        "article-en" => Team("mixed_article_en.txt"),
        "article-20kb-en" => Repeat(Team("mixed_article_en.txt"), 20 * 1024),
        "sentence-ar" => "قال مسؤولون إن الرئيس الأمريكي يدرس بجدية توجيه ضربة إلى منشآت إيرانية، لكنه لم يتخذ قرارا نهائيا بعد.",
        "sentence-en" => "Officials said the president was weighing strikes on Iranian facilities but had not made a final decision.",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown input"),
    };

    private static string Team(string file) =>
        File.ReadAllText(Path.Combine(Root, "samples", file));

    /// <summary>Paragraphs of the text, repeated until the UTF-8 size reaches <paramref name="bytes"/>.</summary>
    private static string Repeat(string text, int bytes)
    {
        var builder = new System.Text.StringBuilder();
        while (System.Text.Encoding.UTF8.GetByteCount(builder.ToString()) < bytes)
        {
            builder.Append(text).Append("\n\n");
        }

        return builder.ToString();
    }
}

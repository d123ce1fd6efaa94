using System.Text.Json;
using EscalationRisk.Contracts;
using EscalationRisk.Scoring;
using EscalationRisk.Testing;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// Every scored article the scorer makes of the project's articles and crisis days, written as the scoring worker
/// writes it, is read by the alert worker's direct reader (<see cref="ContractJson.ReadScored"/>), not by the generated
/// metadata, and reads as the same article as the metadata reads it.
/// </summary>
public sealed class ScoredReadingTests
{
    [Fact]
    public void Every_scored_article_of_the_articles_and_crisis_days_is_read_directly_as_the_metadata_reads_it()
    {
        var scorer = new ArticleScorer();
        var articles = new List<ArticleSubmitted>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot.Path, "data", "articles"), "*.jsonl")
                     .Concat(Directory.GetFiles(Path.Combine(RepoRoot.Path, "tests", "EscalationRisk.Cli.Tests", "Streams"), "*.jsonl")))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Length > 0))
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                articles.Add(new ArticleSubmitted(
                    Text("articleId") ?? Text("id")!, Text("body")!, Text("source") ?? "test", new Uri("https://example.org/" + (Text("articleId") ?? Text("id"))),
                    Text("title"), Text("language"), root.TryGetProperty("publishedAt", out var at) ? at.GetDateTimeOffset() : null));
            }
        }

        Assert.True(articles.Count > 400);
        var withSignals = 0;
        foreach (var article in articles)
        {
            var scored = scorer.Score(article);
            withSignals += scored.Signals.Count > 0 ? 1 : 0;
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, ContractJson.WriterOptions))
            {
                ContractJson.Write(writer, scored);
            }

            var bytes = buffer.ToArray();
            Assert.True(ContractJson.ReadsDirectly(bytes), article.ArticleId);
            Assert.Equal(
                JsonSerializer.Serialize(ContractJson.ReadScoredByMetadata(bytes), ContractJson.Options),
                JsonSerializer.Serialize(ContractJson.ReadScored(bytes), ContractJson.Options));
        }

        Assert.True(withSignals > 200);
    }
}

using System.Text;
using System.Text.Json;
using EscalationRisk.AlertWorker;
using EscalationRisk.Alerting;
using EscalationRisk.Contracts;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// What the alert worker reads from its queue: a scored article in plain JSON is read once, by the contracts'
/// generated metadata, and counted as it was written; bytes that are not a scored article go to
/// <c>alert-worker_error</c> at once, with the reason, and the worker carries on.
/// </summary>
[Collection("broker")]
public sealed class AlertWorkerInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-alert-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_scored_article_is_counted_as_written_and_one_that_is_not_goes_to_the_error_queue_with_its_reason()
    {
        var rules = Path.Combine(_folder, "rules.json");
        File.WriteAllText(rules, """{ "indexRules": [], "articleRules": [] }""");
        var database = Path.Combine(_folder, "alerts.db");
        var run = Articles.Run();
        var signal = new Signal(SignalCategory.Attack, Polarity.Escalation, "ضربة", 0, 4, 0.9, "19", ["IRN", "USA"], "USA", "IRN", null);
        var scored = new ArticleScored(
            $"input-{run}", "tests", new Uri("https://example.org/a"), "عنوان <b>", DateTimeOffset.UnixEpoch, "ar", ArticleLabel.Escalation, 81.5, 0.9, 0.05, 0,
            [signal], [new Actor("IRN", "Iran", 1), new Actor("USA", "United States", 1)], ["IRN-USA"], "st-" + run, "model", "lexicon", DateTimeOffset.UnixEpoch);
        var good = JsonSerializer.SerializeToUtf8Bytes(scored, ContractJson.Options);
        byte[][] bad = [Encoding.UTF8.GetBytes($$"""{"articleId":"input-{{run}}-bare"}"""), Encoding.UTF8.GetBytes("{\"articleId\":")];

        await using (var worker = await AlertWorkerHost.StartAsync(rules, database))
        {
            await using var errors = await ErrorQueueReader.StartAsync(AlertWorkerRegistration.Queue + "_error");
            await using (var publisher = await PlainPublisher.StartAsync())
            {
                foreach (var body in bad.Append(good))
                {
                    await publisher.PublishAsync(body, exchange: Topology.ArticleScored);
                }
            }

            var reasons = await errors.WaitForAsync(bad, TimeSpan.FromSeconds(60));
            Assert.All(reasons, r => Assert.StartsWith("not a scored article: ", r, StringComparison.Ordinal));

            using var store = AlertStores.Open($"Data Source={database};Pooling=False");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (store.Article(scored.ArticleId) is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the scored article was not counted");
                await Task.Delay(100);
            }

            Assert.Equal(Encoding.UTF8.GetString(good), JsonSerializer.Serialize(store.Article(scored.ArticleId)!.Article, ContractJson.Options));
        }
    }
}

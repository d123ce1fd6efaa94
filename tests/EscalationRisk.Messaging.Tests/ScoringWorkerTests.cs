using System.Text;
using System.Text.Json;
using EscalationRisk.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace EscalationRisk.Messaging.Tests;

/// <summary>The broker tests share one node and the articles queue, so they run one after another.</summary>
[CollectionDefinition("broker", DisableParallelization = true)]
public sealed class BrokerGroup;

/// <summary>The scoring worker against a real RabbitMQ node: interop, bad input, determinism.</summary>
[Collection("broker")]
public sealed class ScoringWorkerTests
{
    [Fact]
    public async Task Plain_json_from_rabbitmq_client_comes_out_scored_with_and_without_content_type()
    {
        await using var worker = await InProcessWorker.StartAsync();
        await using var watcher = await ScoredWatcher.StartAsync();
        await using var publisher = await PlainPublisher.StartAsync();
        var run = Articles.Run();
        var ids = Enumerable.Range(0, 6).Select(i => $"plain-{run}-{i}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            await publisher.PublishAsync(Articles.Json(ids[i], i), contentType: i % 2 == 0 ? "application/json" : null);
        }

        Assert.True(await watcher.WaitForAsync(ids, TimeSpan.FromSeconds(30)), $"scored: {watcher.Distinct} of {ids.Count}");
        foreach (var id in ids)
        {
            var delivery = watcher.Received[id].First();
            Assert.Equal("application/json", delivery.ContentType);
            var scored = JsonSerializer.Deserialize<ArticleScored>(delivery.Body, ContractJson.Options)!;
            Assert.Equal(id, scored.ArticleId);
            Assert.NotEqual("none", scored.ModelVersion);
        }

        // The escalation article (index 0) and the de-escalation one (index 1) are told apart.
        Assert.Equal(ArticleLabel.Escalation, Read(watcher, ids[0]).Label);
        Assert.Equal(ArticleLabel.Deescalation, Read(watcher, ids[1]).Label);
        Assert.Equal(ArticleLabel.Escalation, Read(watcher, ids[2]).Label);
        Assert.Equal(ArticleLabel.Neutral, Read(watcher, ids[5]).Label);
    }

    [Fact]
    public async Task A_masstransit_publish_comes_out_scored_as_plain_json()
    {
        await using var worker = await InProcessWorker.StartAsync();
        await using var watcher = await ScoredWatcher.StartAsync();
        var id = $"mt-{Articles.Run()}";
        var bus = worker.Services.GetRequiredService<IBus>();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await bus.Publish(new ArticleSubmitted(id, Articles.Body(4), Source: "tests"));

        Assert.True(await watcher.WaitForAsync([id], TimeSpan.FromSeconds(30)));
        var delivery = watcher.Received[id].Single();
        using var document = JsonDocument.Parse(delivery.Body);
        Assert.False(document.RootElement.TryGetProperty("message", out _), "the output is the message itself, not an envelope");
        var scored = JsonSerializer.Deserialize<ArticleScored>(delivery.Body, ContractJson.Options)!;
        Assert.Equal(ArticleLabel.Escalation, scored.Label);
        Assert.Contains(scored.Signals, s => s.Category == SignalCategory.ThreatToRespond);
        Assert.Equal("tests", scored.Source);
        Assert.NotNull(scored.ScoredAt);
        Assert.InRange(scored.ScoredAt.Value, before, DateTimeOffset.UtcNow.AddSeconds(5));
    }

    [Fact]
    public async Task Poison_messages_go_to_the_error_queue_with_their_reason_while_good_ones_are_scored()
    {
        await using var worker = await InProcessWorker.StartAsync();
        await using var watcher = await ScoredWatcher.StartAsync();
        await using var publisher = await PlainPublisher.StartAsync();
        await using var errors = await ErrorQueueReader.StartAsync();
        var run = Articles.Run();
        var good = new List<string>();
        var poison = new (byte[] Body, string Reason)[]
        {
            (Encoding.UTF8.GetBytes("{\"articleId\": \"p1-" + run + "\", \"body\": "), "invalid JSON"),
            (Broker.Json(new { body = "no id here" }), "articleId"),
            (Broker.Json(new { articleId = $"p3-{run}" }), "body"),
            (Broker.Json(new { articleId = 42, body = "a number as id" }), "articleId"),
            (Broker.Json(new { articleId = $"p5-{run}", body = new string('x', 300 * 1024) }), "limit"),
            (Encoding.UTF8.GetBytes("[1, 2, 3]"), "object"),
        };
        for (var i = 0; i < poison.Length; i++)
        {
            var id = $"good-{run}-{i}";
            good.Add(id);
            await publisher.PublishAsync(Articles.Json(id, i));
            await publisher.PublishAsync(poison[i].Body);
        }

        Assert.True(await watcher.WaitForAsync(good, TimeSpan.FromSeconds(30)), $"good scored: {watcher.Distinct} of {good.Count}");
        var faults = await errors.WaitForAsync(poison.Select(p => p.Body).ToList(), TimeSpan.FromSeconds(30));
        for (var i = 0; i < poison.Length; i++)
        {
            var reason = faults[i];
            Assert.True(reason.Contains(poison[i].Reason, StringComparison.OrdinalIgnoreCase), $"poison {i}: reason '{reason}' lacks '{poison[i].Reason}'");
        }

        // Each poison message went to the error queue once, at once: no retries for bad input.
        Assert.Equal(poison.Length, errors.MatchingDeliveries(poison.Select(p => p.Body)));
        Assert.Equal(BusPhase.Started, worker.State.Current.Phase);
    }

    [Fact]
    public async Task A_redelivered_article_yields_the_same_scored_message_byte_for_byte()
    {
        await using var worker = await InProcessWorker.StartAsync();
        await using var watcher = await ScoredWatcher.StartAsync();
        await using var publisher = await PlainPublisher.StartAsync();
        var id = $"again-{Articles.Run()}";
        var body = Articles.Json(id, 3);
        await publisher.PublishAsync(body);
        await publisher.PublishAsync(body);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((!watcher.Received.TryGetValue(id, out var bag) || bag.Count < 2) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var deliveries = watcher.Received[id].ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(deliveries[0].Body, deliveries[1].Body);
        Assert.NotNull(deliveries[0].MessageId);
        Assert.Equal(deliveries[0].MessageId, deliveries[1].MessageId);
    }

    [Fact]
    public async Task A_message_delivered_too_often_is_dead_lettered_to_the_error_queue_not_looped()
    {
        // The worker declares the topology, then steps aside; a consumer that "crashes" on the message (rejects it
        // back to the queue) every time stands for a worker that dies on it.
        await using (await InProcessWorker.StartAsync())
        {
        }

        await using var publisher = await PlainPublisher.StartAsync();
        await using var errors = await ErrorQueueReader.StartAsync();
        var body = Articles.Json($"loop-{Articles.Run()}", 1);
        await publisher.PublishAsync(body);

        await using var connection = await Broker.ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var deliveries = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var got = await channel.BasicGetAsync(Topology.Articles, autoAck: false);
            if (got is null)
            {
                if (errors.MatchingDeliveries([body]) > 0)
                {
                    break;
                }

                await Task.Delay(50);
                continue;
            }

            if (got.Body.ToArray().SequenceEqual(body))
            {
                deliveries++;
            }

            await channel.BasicRejectAsync(got.DeliveryTag, requeue: true);
        }

        Assert.Equal(1, errors.MatchingDeliveries([body]));
        Assert.Equal(new MessagingOptions().DeliveryLimit + 1, deliveries);
    }

    private static ArticleScored Read(ScoredWatcher watcher, string id) =>
        JsonSerializer.Deserialize<ArticleScored>(watcher.Received[id].First().Body, ContractJson.Options)!;
}

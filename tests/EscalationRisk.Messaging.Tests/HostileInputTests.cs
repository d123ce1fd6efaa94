using System.Text;
using System.Text.Json;
using EscalationRisk.Testing;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// Hostile and malformed messages mixed into a good stream, against the scoring worker as its own process, counted
/// the way RabbitMQ's own Jepsen tests count: sent, scored, in the error queue, lost (must be 0), duplicates. The test
/// command runs a reduced mix (2,000 good, 1,000 hostile); <c>ER_FAULT_SCALE=full</c> runs 10,000 hostile among
/// 20,000 good. The counts are written to <c>artifacts/hostile-input.json</c>.
/// </summary>
[Collection("broker")]
public sealed class HostileInputTests
{
    [Fact]
    public async Task Hostile_messages_go_to_the_error_queue_the_good_ones_are_all_scored_and_the_worker_keeps_running()
    {
        var full = Environment.GetEnvironmentVariable("ER_FAULT_SCALE") == "full";
        var (goodCount, hostileCount) = full ? (20_000, 10_000) : (2_000, 1_000);
        var run = Articles.Run();
        var random = new Random(20261201);
        var hostile = Enumerable.Range(0, hostileCount).Select(i => Hostile(random, run, i)).ToList();
        var good = Enumerable.Range(0, goodCount).Select(i => $"hostile-good-{run}-{i}").ToList();

        using var worker = WorkerProcess.Start();
        await worker.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
        await using var watcher = await ScoredWatcher.StartAsync();
        await using var errors = await ErrorQueueReader.StartAsync();
        await using var publisher = await PlainPublisher.StartAsync();

        // Interleaved: about one hostile message for every two good ones, published with confirms in windows.
        var order = good.Select((id, n) => Articles.Json(id, n)).Concat(hostile).OrderBy(_ => random.Next()).ToList();
        for (var i = 0; i < order.Count; i += 200)
        {
            await Task.WhenAll(order.Skip(i).Take(200).Select(body => publisher.PublishAsync(body).AsTask()));
        }

        var scoredAll = await watcher.WaitForAsync(good, TimeSpan.FromSeconds(full ? 600 : 180));

        // Each hostile message ends in the error queue, or, when it was a valid article after all, scored.
        var hostileKeys = hostile.Select(Convert.ToBase64String).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HashSet<string> inError;
        List<string> unaccounted;
        while (true)
        {
            inError = errors.Seen.Select(s => Convert.ToBase64String(s.Body)).ToHashSet();
            unaccounted = hostileKeys.Where(k => !inError.Contains(k) && !ScoredAsArticle(k, watcher)).ToList();
            if (unaccounted.Count == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(250);
        }

        var scored = good.Count(watcher.Received.ContainsKey);
        var duplicates = watcher.Received.Where(kv => kv.Key.StartsWith($"hostile-good-{run}", StringComparison.Ordinal)).Sum(kv => Math.Max(0, kv.Value.Count - 1));
        var report = new
        {
            sent = goodCount + hostileCount,
            good = goodCount,
            hostile = hostileCount,
            scored,
            inErrorQueue = hostileKeys.Count(inError.Contains),
            lost = goodCount - scored + unaccounted.Count,
            duplicateScored = duplicates,
            workerRunning = !worker.HasExited,
        };
        var json = JsonSerializer.Serialize(report);
        await File.WriteAllTextAsync(RepoRoot.Artifact("hostile-input.json"), json + "\n");

        Assert.True(scoredAll, json);
        Assert.True(unaccounted.Count == 0, $"{json}: e.g. {Encoding.UTF8.GetString(Convert.FromBase64String(unaccounted.FirstOrDefault() ?? ""))[..Math.Min(120, unaccounted.FirstOrDefault()?.Length ?? 0)]}");
        Assert.Equal(0, report.lost);
        Assert.True(report.workerRunning, worker.Output);

        // Every reason an operator reads is in plain words, never empty.
        Assert.All(errors.Seen.Where(s => hostileKeys.Contains(Convert.ToBase64String(s.Body))), s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
    }

    private static bool ScoredAsArticle(string key, ScoredWatcher watcher)
    {
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(key));
            return document.RootElement.TryGetProperty("articleId", out var id) && id.ValueKind == JsonValueKind.String && watcher.Received.ContainsKey(id.GetString()!);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>One hostile message: each kind of bad input the worker must survive, with some randomness in it.</summary>
    private static byte[] Hostile(Random random, string run, int i)
    {
        var good = Articles.Json($"hostile-bad-{run}-{i}", i);
        return (i % 16) switch
        {
            0 => good[..random.Next(1, good.Length - 1)], // truncated JSON
            1 => RandomBytes(random, random.Next(1, 400)), // noise, mostly invalid UTF-8
            2 => Broker.Json(new { articleId = i, body = "a number as id" }),
            3 => Broker.Json(new { articleId = $"hostile-bad-{run}-{i}", body = new[] { "an", "array" } }),
            4 => Broker.Json(new { articleId = (string?)null, body = "a null id" }),
            5 => [], // an empty message
            6 => Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), // deeply nested
            7 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)),
            8 => [.. Encoding.UTF8.GetBytes($"{{\"articleId\": \"hostile-bad-{run}-{i}\", \"body\": \""), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")], // invalid UTF-8 in a string
            9 => i % 120 == 9 ? Broker.Json(new { articleId = $"hostile-bad-{run}-{i}", body = new string('x', 300 * 1024) }) : Broker.Json(new { body = "no id" }), // a few huge bodies
            10 => Encoding.UTF8.GetBytes("   \n\t  "),
            12 => Encoding.UTF8.GetBytes($"{{\"articleId\": \"hostile-bad-{run}-{i}-\\u0000\", \"body\": \"a NUL in the id\"}}"), // what PostgreSQL cannot hold
            13 => Broker.Json(new { articleId = $"hostile-bad-{run}-{i}", body = "" }), // an empty body
            14 => Broker.Json(new { articleId = $"hostile-bad-{run}-{i}", body = "a relative url", url = "/foo" }),
            15 => Broker.Json(new { articleId = $"hostile-bad-{run}-{i}\u0007", body = "a control character in the id", url = "javascript:alert(1)" }),
            _ => Broker.Json(new { articleId = $"hostile-bad-{run}-{i}", body = 12345, language = new { nested = true } }), // wrong types
        };
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}

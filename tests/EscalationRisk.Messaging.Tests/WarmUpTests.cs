using System.Diagnostics.Metrics;
using EscalationRisk.ScoringWorker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EscalationRisk.Messaging.Tests;

/// <summary>The scoring worker's warm-up before its bus starts (<see cref="ScoringWarmUp"/>).</summary>
[Collection("broker")]
public sealed class WarmUpTests
{
    [Fact]
    public async Task The_worker_warms_up_before_it_consumes_and_no_warm_up_article_leaves_it()
    {
        await using var watcher = await ScoredWatcher.StartAsync();
        var settings = Broker.WorkerSettings();
        settings["Scoring:WarmUp:MaxTime"] = "00:00:05";
        using var worker = WorkerProcess.Start(settings);
        await worker.WaitForLogAsync("Bus started", TimeSpan.FromSeconds(60));
        var output = worker.Output;
        var warmed = output.IndexOf("Warmed up on", StringComparison.Ordinal);
        Assert.True(warmed >= 0, output);
        Assert.True(warmed < output.IndexOf("Bus started", StringComparison.Ordinal), output);
        Assert.DoesNotContain("warm-up before the bus starts failed", output, StringComparison.Ordinal);

        await using var publisher = await PlainPublisher.StartAsync();
        var id = $"after-warm-up-{Articles.Run()}";
        await publisher.PublishAsync(Articles.Json(id, 0));
        Assert.True(await watcher.WaitForAsync([id], TimeSpan.FromSeconds(30)), worker.Output);
        Assert.DoesNotContain(watcher.Received.Keys, key => key.StartsWith("warm-up-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_warm_up_runs_the_consumer_on_its_own_articles_and_leaves_them_out_of_the_metrics()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Scoring:WarmUp:MaxTime"] = "00:00:01",
        });
        builder.Services.AddScoringWorker(builder.Configuration).AddScoringWarmUp(builder.Configuration);
        using var host = builder.Build();

        var scored = 0;
        var counter = ScoringMetrics.ArticlesScored;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, counter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref scored, (int)value));
        listener.Start();

        var warmUp = Assert.IsType<ScoringWarmUp>(host.Services.GetServices<IWarmUp>().Single());
        var articles = await warmUp.RunAsync(CancellationToken.None);

        Assert.True(articles >= 24, $"{articles} warm-up articles");
        Assert.Equal(0, Volatile.Read(ref scored));
    }
}

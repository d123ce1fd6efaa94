using EscalationRisk.AlertWorker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EscalationRisk.Messaging.Tests;

/// <summary>An alert worker in the test process, on the test broker, with a rule file and an SQLite store of the test's.</summary>
internal static class AlertWorkerHost
{
    /// <summary>
    /// Starts the worker on a fresh <c>alert-worker</c> queue with <paramref name="rules"/>, a one-second tick and the
    /// SQLite store at <paramref name="database"/>; returns once its bus has started. Disposing it stops it.
    /// </summary>
    public static async Task<IAsyncDisposable> StartAsync(string rules, string database)
    {
        // A fresh queue: what other tests scored before this one is not this test's business.
        await Broker.DeleteQueueAsync(AlertWorkerRegistration.Queue);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        var settings = Broker.WorkerSettings();
        settings["Alerting:RulesFile"] = rules;
        settings["Alerting:EvaluateInterval"] = "00:00:01";
        settings["ConnectionStrings:Alerts"] = $"Data Source={database};Pooling=False";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAlertWorker(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        var state = host.Services.GetRequiredService<BusState>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (state.Current.Phase != BusPhase.Started)
        {
            Assert.True(DateTime.UtcNow < deadline, state.Current.Description);
            await Task.Delay(50);
        }

        return new StoppingHost(host);
    }

    /// <summary>
    /// A host stopped (not only disposed) at the end of a test: a bus left running would stay the queue's single
    /// active consumer and keep the next test's worker waiting as a standby.
    /// </summary>
    private sealed class StoppingHost(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync(TimeSpan.FromSeconds(30));
            host.Dispose();
        }
    }
}

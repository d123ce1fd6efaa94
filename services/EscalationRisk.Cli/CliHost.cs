using EscalationRisk.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EscalationRisk.Cli;

/// <summary>The host the commands that run a bus (run, replay) build: results on standard output, logs on standard error.</summary>
internal static class CliHost
{
    /// <summary>A host builder with environment variables and <paramref name="configuration"/> over them.</summary>
    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        // Standard output carries the results only; the host's logs go to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LogLevel:Default"] = "Warning",
        }).Build());
        return builder;
    }

    /// <summary>Waits until the bus has started (true), failed or the time is up (false).</summary>
    public static async Task<bool> WaitStartedAsync(BusState state, TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            switch (state.Current.Phase)
            {
                case BusPhase.Started:
                    return true;
                case BusPhase.Failed:
                    return false;
                default:
                    await Task.Delay(20, cancellation).ConfigureAwait(false);
                    break;
            }
        }

        return false;
    }
}

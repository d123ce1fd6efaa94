using Microsoft.Extensions.Configuration;

namespace EscalationRisk.Messaging;

/// <summary>
/// The one setting that says whether a host runs the workers itself: <c>Hosting__Workers</c>, <c>InProcess</c> or
/// <c>Separate</c>. Unset, it follows the transport: <c>InProcess</c> on the in-memory bus (nothing else could consume
/// from it), <c>Separate</c> on RabbitMQ (the deployed workers consume).
/// </summary>
public static class WorkerHosting
{
    /// <summary>The configuration key (<c>Hosting__Workers</c> in the environment).</summary>
    public const string Key = "Hosting:Workers";

    /// <summary>The configured mode, else the transport's default.</summary>
    public static WorkerHostingMode Mode(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = configuration[Key];
        if (string.IsNullOrWhiteSpace(configured))
        {
            var transport = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>()?.Transport ?? MessagingTransport.InMemory;
            return transport == MessagingTransport.InMemory ? WorkerHostingMode.InProcess : WorkerHostingMode.Separate;
        }

        // By name only (any case): a number is not a mode.
        foreach (var mode in Enum.GetValues<WorkerHostingMode>())
        {
            if (string.Equals(mode.ToString(), configured.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return mode;
            }
        }

        throw new InvalidOperationException($"Hosting__Workers is '{configured}': it must be InProcess or Separate (or unset: InProcess on the in-memory bus, Separate on RabbitMQ).");
    }

    /// <summary>True when this process hosts the scoring and alerting consumers itself.</summary>
    public static bool InProcess(IConfiguration configuration) => Mode(configuration) == WorkerHostingMode.InProcess;
}

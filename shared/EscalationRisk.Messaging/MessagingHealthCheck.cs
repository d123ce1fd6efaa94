using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EscalationRisk.Messaging;

/// <summary>
/// Readiness: healthy only when the bus is started and MassTransit reports its endpoints healthy; otherwise the
/// phase's description says why (connecting, credentials refused, broker lost and reconnecting).
/// </summary>
internal sealed class MessagingHealthCheck(BusState state, IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var current = state.Current;
        if (current.Phase != BusPhase.Started)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(current.Description));
        }

        var health = bus.CheckHealth();
        return Task.FromResult(health.Status switch
        {
            BusHealthStatus.Healthy => HealthCheckResult.Healthy(current.Description),
            BusHealthStatus.Degraded => HealthCheckResult.Degraded(health.Description),
            _ => HealthCheckResult.Unhealthy(health.Description),
        });
    }
}

using EscalationRisk.Messaging;
using MassTransit;

namespace EscalationRisk.Api;

/// <summary>
/// Changes to the alert state made through the API (rules, silences): applied under the store's lock, then what
/// they decided (a rule deleted resolves its alerts, a lower threshold fires) is published at once when the bus is
/// up; otherwise the alert worker's next tick publishes it from the outbox.
/// </summary>
public sealed class AlertChanges(Alerting.AlertState state, IBus bus, BusState busState)
{
    /// <summary>Applies a change (see <see cref="Alerting.AlertState.ApplyAsync{T}"/>) and publishes its alerts.</summary>
    public async Task<T> ApplyAsync<T>(Func<Alerting.AlertEngine, (bool Changed, T Result)> change, CancellationToken cancellation)
    {
        var result = await state.ApplyAsync(change, cancellation).ConfigureAwait(false);
        if (busState.Current.Phase == BusPhase.Started)
        {
            await state.DrainAsync((alert, decision, token) => bus.PublishAlert(alert, decision, token), cancellation).ConfigureAwait(false);
        }

        return result;
    }
}

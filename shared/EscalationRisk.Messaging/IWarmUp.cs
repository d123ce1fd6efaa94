namespace EscalationRisk.Messaging;

/// <summary>
/// Work a host runs before its bus starts consuming, so that its first messages meet compiled code: the readiness
/// check stays false until every registered warm-up has finished (or failed, which is logged and does not stop the
/// start).
/// </summary>
public interface IWarmUp
{
    /// <summary>Runs the warm-up; returns when it is done or <paramref name="cancellation"/> asks it to stop.</summary>
    Task WarmUpAsync(CancellationToken cancellation);
}

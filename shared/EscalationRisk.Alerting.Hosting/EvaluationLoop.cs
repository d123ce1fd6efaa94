using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EscalationRisk.AlertWorker;

/// <summary>Evaluates the rules every <see cref="AlertingOptions.EvaluateInterval"/>.</summary>
internal sealed partial class EvaluationLoop(AlertService alerts, IBus bus, IOptions<AlertingOptions> options, TimeProvider clock, ILogger<EvaluationLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EvaluateInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await alerts.TickAsync(bus, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTickFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluating the alert rules failed; trying again at the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}

using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EscalationRisk.Messaging;

/// <summary>
/// Starts and stops the bus in place of MassTransit's own hosted service, so that:
/// <list type="bullet">
/// <item>the host (and its health endpoints) come up at once, while the broker is still being reached;</item>
/// <item>the first connection to RabbitMQ is tried with a bounded exponential backoff with jitter (Polly), each
/// failure logged with its reason; wrong credentials are reported as such and not retried; after the last attempt
/// the process stays up and not ready instead of crashing into a restart loop;</item>
/// <item>readiness turns true only when the bus is started and its endpoints are consuming;</item>
/// <item>on shutdown the endpoints stop taking messages and finish those in flight within
/// <see cref="MessagingOptions.ShutdownTimeout"/>.</item>
/// </list>
/// Once started, MassTransit reconnects by itself if the broker goes away. Because a reconnect has been seen to hang
/// silently when the broker went away with messages in flight (the bus still reporting healthy), a watchdog checks
/// through its own connection that every queue this process consumes has a consumer while it holds messages; when
/// one has none twice in a row, the worker exits with <see cref="ExitCodes.NotConsuming"/> for its supervisor to
/// restart it.
/// </summary>
internal sealed partial class BusLifetimeService(
    IBusControl bus,
    BusState state,
    WatchedQueues watchedQueues,
    IEnumerable<IWarmUp> warmUps,
    IHostApplicationLifetime lifetime,
    IOptions<MessagingOptions> options,
    IOptions<RabbitMqTransportOptions> rabbitOptions,
    ILogger<BusLifetimeService> logger) : BackgroundService
{
    private readonly MessagingOptions _options = options.Value;
    private volatile bool _started;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var warmUp in warmUps)
        {
            state.Set(BusPhase.Starting, "warming up");
            try
            {
                await warmUp.WarmUpAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogWarmUpFailed(logger, ex);
            }
        }

        if (_options.Transport == MessagingTransport.RabbitMQ && !await ReachBrokerAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await bus.StartAsync(stoppingToken).ConfigureAwait(false);
            _started = true;
            state.Set(BusPhase.Started, $"bus started on {_options.Transport}");
            LogStarted(logger, _options.Transport);
            if (_options.Transport == MessagingTransport.RabbitMQ && _options.WatchdogInterval > TimeSpan.Zero && watchedQueues.Names.Count > 0)
            {
                await WatchConsumptionAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown during start-up.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            state.Set(BusPhase.Failed, $"the bus failed to start: {ex.Message}");
            LogStartFailed(logger, ex);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (!_started)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.ShutdownTimeout);
        LogStopping(logger, _options.ShutdownTimeout.TotalSeconds);
        try
        {
            // Stops the receive endpoints first (no new deliveries), waits for the messages in flight to be
            // consumed and acknowledged, then closes the connection.
            await bus.StopAsync(timeout.Token).ConfigureAwait(false);
            LogStopped(logger);
        }
        catch (OperationCanceledException)
        {
            LogStopTimedOut(logger, _options.ShutdownTimeout.TotalSeconds);
        }
        finally
        {
            state.Set(BusPhase.Stopped, "bus stopped");
        }
    }

    private async Task WatchConsumptionAsync(CancellationToken stoppingToken)
    {
        var factory = CreateFactory("escalation-risk consumption watchdog");
        factory.AutomaticRecoveryEnabled = true;
        var idleChecks = 0;
        IConnection? connection = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.WatchdogInterval, stoppingToken).ConfigureAwait(false);
                try
                {
                    connection ??= await factory.CreateConnectionAsync(stoppingToken).ConfigureAwait(false);
                    var stalled = await FindStalledQueueAsync(connection, stoppingToken).ConfigureAwait(false);
                    idleChecks = stalled is null ? 0 : idleChecks + 1;
                    if (stalled is not null && idleChecks >= 2)
                    {
                        ExitForRestart(stalled);
                        return;
                    }
                }
                catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or IOException or SocketException or TimeoutException)
                {
                    // The broker is away: MassTransit's own reconnect handles that; check again next round.
                    idleChecks = 0;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private async Task<string?> FindStalledQueueAsync(IConnection connection, CancellationToken cancellation)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellation).ConfigureAwait(false);
        foreach (var queue in watchedQueues.Names)
        {
            var declared = await channel.QueueDeclarePassiveAsync(queue, cancellation).ConfigureAwait(false);
            if (declared.MessageCount > 0 && declared.ConsumerCount == 0)
            {
                return $"{queue} holds {declared.MessageCount} messages and has no consumer";
            }
        }

        return null;
    }

    private void ExitForRestart(string why)
    {
        // MassTransit's own reconnect has been seen to hang for good when the broker went away with messages in
        // flight (its receive endpoint waits for a channel that never comes, while the bus reports healthy), and
        // restarting the bus in process does not revive that endpoint. A process restart by the supervisor
        // (Kubernetes, systemd) does; the messages wait safely in the queue meanwhile.
        state.Set(BusPhase.Failed, $"not consuming: {why}; exiting so that the supervisor restarts the worker");
        LogStalled(logger, why);
        Environment.ExitCode = ExitCodes.NotConsuming;
        lifetime.StopApplication();
    }

    private ConnectionFactory CreateFactory(string name) => RabbitMqConnections.Factory(rabbitOptions.Value, name);

    private async Task<bool> ReachBrokerAsync(CancellationToken stoppingToken)
    {
        var rabbit = rabbitOptions.Value;
        var where = $"{rabbit.Host}:{rabbit.Port}{(string.IsNullOrEmpty(rabbit.VHost) || rabbit.VHost == "/" ? "" : "/" + rabbit.VHost)}";
        state.Set(BusPhase.Connecting, $"connecting to RabbitMQ at {where}");
        var factory = CreateFactory("escalation-risk start-up probe");
        var pipeline = BuildStartupPipeline(_options, (attempt, delay, error) =>
        {
            LogRetry(logger, where, attempt, _options.StartupAttempts, Describe(error), delay.TotalSeconds);
            state.Set(BusPhase.Connecting, $"RabbitMQ at {where} not reachable yet (attempt {attempt} of {_options.StartupAttempts}): {Describe(error)}");
        });

        try
        {
            await pipeline.ExecuteAsync(
                async token =>
                {
                    var connection = await factory.CreateConnectionAsync(token).ConfigureAwait(false);
                    await connection.CloseAsync(token).ConfigureAwait(false);
                    connection.Dispose();
                },
                stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (IsAuthenticationFailure(ex))
        {
            var reason = $"RabbitMQ at {where} refused the credentials of user '{factory.UserName}': check RabbitMqTransport__User and RabbitMqTransport__Pass";
            state.Set(BusPhase.Failed, reason);
            LogGaveUp(logger, reason);
            return false;
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or SocketException or TimeoutException or IOException or OperationInterruptedException)
        {
            var reason = $"RabbitMQ at {where} not reachable after {_options.StartupAttempts} attempts: {Describe(ex)}";
            state.Set(BusPhase.Failed, reason);
            LogGaveUp(logger, reason);
            return false;
        }
    }

    /// <summary>The start-up retry policy: exponential backoff with jitter, bounded in attempts and delay.</summary>
    internal static ResiliencePipeline BuildStartupPipeline(MessagingOptions options, Action<int, TimeSpan, Exception?> onRetry) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<Exception>(ex => !IsAuthenticationFailure(ex)
                        && ex is BrokerUnreachableException or SocketException or TimeoutException or IOException or OperationInterruptedException),
                MaxRetryAttempts = Math.Max(0, options.StartupAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.StartupDelay,
                MaxDelay = options.StartupMaxDelay,
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();

    internal static bool IsAuthenticationFailure(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationFailureException or PossibleAuthenticationFailureException)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception? ex)
    {
        var inner = ex;
        while (inner?.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner is null ? "unknown error" : inner.Message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bus started on {Transport}; consuming")]
    private static partial void LogStarted(ILogger logger, MessagingTransport transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A warm-up before the bus starts failed; starting without it")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The bus failed to start")]
    private static partial void LogStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "RabbitMQ at {Where} not reachable (attempt {Attempt} of {Attempts}): {Reason}; next attempt in {DelaySeconds:0.0} s")]
    private static partial void LogRetry(ILogger logger, string where, int attempt, int attempts, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Reason}. The worker stays up but not ready; fix the configuration and restart it")]
    private static partial void LogGaveUp(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Not consuming although the bus reports healthy: {Why}. Exiting with code 3 so that the supervisor restarts the worker")]
    private static partial void LogStalled(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: no new messages; finishing those in flight (at most {Seconds} s)")]
    private static partial void LogStopping(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bus stopped; every message in flight was finished")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown took longer than {Seconds} s; unfinished messages stay on the queue and will be delivered again")]
    private static partial void LogStopTimedOut(ILogger logger, double seconds);
}

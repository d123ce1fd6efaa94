using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Polly;
using Polly.Retry;

namespace EscalationRisk.Alerting;

/// <summary>
/// Retries a store transaction that failed for a passing reason (the database restarting or unreachable for a while,
/// SQLite busy past its timeout): exponential backoff with jitter from 200 ms to 5 s, for about two minutes, so a
/// database restart holds the alert worker's messages instead of sending them to the error queue.
/// </summary>
public static class StoreRetry
{
    /// <summary>How many times a transaction is tried again.</summary>
    public const int Attempts = 30;

    /// <summary>True for the failures worth trying again.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
        SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The pipeline; <paramref name="onRetry"/> hears each failure, the attempt number and the wait before the next
    /// (a caller resets what it had in memory there).
    /// </summary>
    public static ResiliencePipeline Create(Action<Exception, int, TimeSpan>? onRetry = null, TimeProvider? clock = null) =>
        new ResiliencePipelineBuilder { TimeProvider = clock ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = Attempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
}

namespace EscalationRisk.Api.Security;

/// <summary>
/// Logs faults of a client's making (a malformed, too slow, oversized or aborted request) as one Warning line each,
/// without a stack trace, and at most <see cref="PerMinute"/> lines a minute: beyond that they are counted and the
/// count is logged with the next line allowed, so a flood of bad clients cannot flood the log.
/// </summary>
public sealed partial class ClientFaultLog(ILogger<ClientFaultLog> logger, TimeProvider clock)
{
    /// <summary>The most lines written in one minute.</summary>
    public const int PerMinute = 10;

    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _written;
    private int _suppressed;

    /// <summary>Records one client fault.</summary>
    public void Record(HttpContext context, int status, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        int dropped;
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _windowStart >= TimeSpan.FromMinutes(1))
            {
                _windowStart = now;
                _written = 0;
            }

            if (_written >= PerMinute)
            {
                _suppressed++;
                return;
            }

            _written++;
            dropped = _suppressed;
            _suppressed = 0;
        }

        Fault(logger, context.Request.Method, context.Request.Path.Value ?? "", status, reason,
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown", dropped);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "client fault: {Method} {Path} answered {Status}: {Reason} (client {Client}; {Suppressed} similar lines suppressed before this one)")]
    private static partial void Fault(ILogger logger, string method, string path, int status, string reason, string client, int suppressed);
}

using System.ComponentModel.DataAnnotations;
using EscalationRisk.Contracts;

namespace EscalationRisk.Messaging;

/// <summary>The <c>Messaging</c> configuration section. Every value has a default that suits one worker on two cores.</summary>
public sealed class MessagingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Messaging";

    /// <summary>The transport (<c>Messaging__Transport</c>).</summary>
    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>How many unacknowledged messages the broker may push to one consumer.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>How many messages one worker handles at once; 0 (the default) means as many as <see cref="PrefetchCount"/>.</summary>
    [Range(0, 1_000)]
    public int ConcurrentMessageLimit { get; set; }

    /// <summary>
    /// Messages a stateful single-active consumer (the alert worker) takes at once: it applies them together in one
    /// commit (group commit), so under load one transaction serves many articles. 1 processes strictly one by one.
    /// </summary>
    [Range(1, 1_000)]
    public int ExclusiveConcurrentMessageLimit { get; set; } = 128;

    /// <summary>Deliveries of one message the <c>articles</c> quorum queue allows before dead-lettering it.</summary>
    [Range(1, 100)]
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>Retries in process for a transient fault (not for bad input, which is never retried).</summary>
    [Range(0, 10)]
    public int RetryLimit { get; set; } = 2;

    /// <summary>The first retry's delay; each later one doubles it.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The largest accepted article body, in UTF-8 bytes.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = ArticleParser.DefaultMaxBodyBytes;

    /// <summary>How long a stopping worker may take to finish the messages it holds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connection attempts at start-up before the worker gives up and stays not ready.</summary>
    [Range(1, 100)]
    public int StartupAttempts { get; set; } = 10;

    /// <summary>The first start-up retry's delay (exponential, with jitter).</summary>
    public TimeSpan StartupDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two start-up attempts.</summary>
    public TimeSpan StartupMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the worker checks, through its own connection, that its queues have a consumer while they hold
    /// messages; after two failed checks in a row it exits with code 3 for its supervisor to restart it.
    /// Zero turns the check off.
    /// </summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(15);

}

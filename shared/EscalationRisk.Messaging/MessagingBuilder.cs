using EscalationRisk.Contracts;
using MassTransit;

namespace EscalationRisk.Messaging;

/// <summary>What a service asks of the bus: which consumers it hosts on which endpoints.</summary>
public sealed class MessagingBuilder
{
    internal List<Type> ArticleConsumers { get; } = [];

    internal List<(string Endpoint, Type Consumer, bool Temporary)> ScoredConsumers { get; } = [];

    internal List<(string Endpoint, Type Consumer)> ExclusiveScoredConsumers { get; } = [];

    internal List<(string Endpoint, Type Consumer, string BindingKey)> AlertConsumers { get; } = [];

    internal Dictionary<Type, Action<IBusFactoryConfigurator>> PublishedTypes { get; } = [];

    /// <summary>
    /// Declares that this process publishes <typeparamref name="T"/>: on RabbitMQ its exchange is declared when the
    /// bus starts (not at the first publish), so a subscriber can bind a queue to it before any message is sent. A
    /// process that declares what it publishes publishes nothing else (its broker user may be permitted no other
    /// exchange); one that declares nothing keeps MassTransit's lazy declaration at the first publish of each type.
    /// </summary>
    public MessagingBuilder Publishes<T>()
        where T : class
    {
        PublishedTypes[typeof(T)] = cfg => cfg.Publish<T>(_ => { });
        return this;
    }

    /// <summary>Hosts a consumer of <see cref="ArticleSubmitted"/> on the <c>articles</c> queue (competing consumers).</summary>
    public MessagingBuilder ConsumeArticles<TConsumer>()
        where TConsumer : class, IConsumer<ArticleSubmitted>
    {
        ArticleConsumers.Add(typeof(TConsumer));
        return this;
    }

    /// <summary>
    /// Hosts a consumer of <see cref="ArticleScored"/> on its own queue bound to <c>article-scored</c>.
    /// A temporary queue is deleted when the process stops (for tools that only watch).
    /// </summary>
    public MessagingBuilder ConsumeScored<TConsumer>(string endpointName, bool temporary = false)
        where TConsumer : class, IConsumer<ArticleScored>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        ScoredConsumers.Add((endpointName, typeof(TConsumer), temporary));
        return this;
    }

    /// <summary>
    /// Hosts a stateful consumer of <see cref="ArticleScored"/> on a durable quorum queue bound to
    /// <c>article-scored</c> with RabbitMQ's single-active-consumer: of several processes only one receives (up to
    /// <see cref="MessagingOptions.ExclusiveConcurrentMessageLimit"/> messages at once, for the consumer to commit
    /// together); a standby takes over when it goes away.
    /// </summary>
    public MessagingBuilder ConsumeScoredExclusively<TConsumer>(string endpointName)
        where TConsumer : class, IConsumer<ArticleScored>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        ExclusiveScoredConsumers.Add((endpointName, typeof(TConsumer)));
        return this;
    }

    /// <summary>
    /// Hosts a consumer of <see cref="EscalationAlert"/> on a temporary queue bound to the <c>alerts</c> topic
    /// exchange with <paramref name="bindingKey"/> (for example <c>alert.critical.#</c>); on the in-memory bus it
    /// receives every alert.
    /// </summary>
    public MessagingBuilder ConsumeAlerts<TConsumer>(string endpointName, string bindingKey = "alert.#")
        where TConsumer : class, IConsumer<EscalationAlert>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointName);
        ArgumentException.ThrowIfNullOrWhiteSpace(bindingKey);
        AlertConsumers.Add((endpointName, typeof(TConsumer), bindingKey));
        return this;
    }
}

using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using EscalationRisk.Contracts;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EscalationRisk.Messaging;

/// <summary>The one method every service calls to get a bus. No service configures MassTransit itself.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>The configuration section of MassTransit's RabbitMQ transport options.</summary>
    public const string RabbitMqSection = "RabbitMqTransport";

    /// <summary>
    /// Registers the bus: transport from <c>Messaging:Transport</c>, RabbitMQ settings from <c>RabbitMqTransport</c>,
    /// the topology of ARCHITECTURE.md, plain-JSON serialisation, retry, the start-up policy and a readiness check
    /// tagged <c>ready</c>.
    /// </summary>
    public static IServiceCollection AddEscalationRiskMessaging(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<MessagingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = new MessagingBuilder();
        configure?.Invoke(builder);

        var section = configuration.GetSection(MessagingOptions.Section);
        var options = section.Get<MessagingOptions>() ?? new MessagingOptions();
        services.AddOptions<MessagingOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RabbitMqTransportOptions>().Bind(configuration.GetSection(RabbitMqSection));
        services.TryAddSingleton<BusState>();
        services.AddSingleton(new WatchedQueues(
            [.. builder.ArticleConsumers.Count > 0 ? [Topology.Articles] : Array.Empty<string>(),
             .. builder.ScoredConsumers.Where(c => !c.Temporary).Select(c => c.Endpoint),
             .. builder.ExclusiveScoredConsumers.Select(c => c.Endpoint)]));

        services.AddMassTransit(bus =>
        {
            // No outbound call: MassTransit 8.4+ reports usage to its vendor's host at start unless told not to.
            bus.DisableUsageTelemetry();
            foreach (var consumer in builder.ArticleConsumers)
            {
                bus.AddConsumer(consumer);
            }

            foreach (var (_, consumer, _) in builder.ScoredConsumers)
            {
                bus.AddConsumer(consumer);
            }

            foreach (var (_, consumer) in builder.ExclusiveScoredConsumers)
            {
                bus.AddConsumer(consumer);
            }

            foreach (var (_, consumer, _) in builder.AlertConsumers)
            {
                bus.AddConsumer(consumer);
            }

            if (options.Transport == MessagingTransport.RabbitMQ)
            {
                bus.UsingRabbitMq((context, cfg) =>
                {
                    // MassTransit copies a queue's arguments to its error queue; the error queue is a plain durable
                    // queue (the one the dead-letter binding below declares), without a delivery limit of its own.
                    cfg.SendTopology.ConfigureErrorSettings = settings =>
                    {
                        settings.SetQueueArgument("x-queue-type", null);
                        settings.SetQueueArgument("x-delivery-limit", null);
                        settings.SetQueueArgument("x-dead-letter-exchange", null);
                        settings.SetQueueArgument("x-single-active-consumer", null);
                    };

                    ConfigureBus(context, cfg, options, builder);

                    // Alerts go to a topic exchange, routed by severity, scope kind and key (after the entity names),
                    // configured wherever alerts may be published: a process that declared what it publishes and
                    // left alerts out (the scoring worker) neither configures nor declares that exchange.
                    var declared = builder.PublishedTypes.Count > 0;
                    if (!declared || builder.PublishedTypes.ContainsKey(typeof(EscalationAlert)))
                    {
                        cfg.Publish<EscalationAlert>(p => p.ExchangeType = RabbitMQ.Client.ExchangeType.Topic);
                    }

                    // The exchanges this process declared it publishes to are declared at start, not at the first publish.
                    foreach (var publish in builder.PublishedTypes.Values)
                    {
                        publish(cfg);
                    }

                    cfg.DeployPublishTopology = declared;
                    cfg.Send<EscalationAlert>(s => s.UseRoutingKeyFormatter(context => AlertRouting.KeyFor(context.Message)));
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) => ConfigureBus(context, cfg, options, builder));
            }
        });

        // The bus is started by BusLifetimeService (start-up policy, readiness, bounded shutdown), not by
        // MassTransit's own hosted service.
        services.RemoveAll<IHostedService>(descriptor => descriptor.ImplementationType?.FullName == "MassTransit.MassTransitHostedService");
        services.AddHostedService<BusLifetimeService>();
        services.AddHealthChecks().AddCheck<MessagingHealthCheck>("messaging", tags: ["ready"]);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(5));
        return services;
    }

    private static void RemoveAll<T>(this IServiceCollection services, Func<ServiceDescriptor, bool> predicate)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T) && predicate(services[i]))
            {
                services.RemoveAt(i);
            }
        }
    }

    private const RawSerializerOptions PlainJson = RawSerializerOptions.AnyMessageType | RawSerializerOptions.AddTransportHeaders | RawSerializerOptions.CopyHeaders;

    private static void ConfigureBus(IBusRegistrationContext context, IBusFactoryConfigurator cfg, MessagingOptions options, MessagingBuilder builder)
    {
        // The JSON on the wire is the contracts' JSON: camelCase, every member written, Arabic left readable.
        cfg.ConfigureJsonSerializerOptions(ConfigureJson);

        // Plain JSON out (any AMQP client reads it; ArticleScored written by the contracts' generated code) and in
        // (content type application/json, or none at all); MassTransit envelopes are still read.
        var plainJson = new ContractSerializerFactory(PlainJson);
        cfg.AddSerializer(plainJson);
        cfg.AddDeserializer(plainJson, isDefault: true);
        cfg.UseJsonDeserializer();

        cfg.Message<ArticleSubmitted>(m => m.SetEntityName(Topology.Articles));
        cfg.Message<ArticleScored>(m => m.SetEntityName(Topology.ArticleScored));
        cfg.Message<EscalationAlert>(m => m.SetEntityName(Topology.Alerts));

        if (builder.ArticleConsumers.Count > 0)
        {
            cfg.ReceiveEndpoint(Topology.Articles, endpoint =>
            {
                ConfigureArticlesEndpoint(endpoint, options);
                foreach (var consumer in builder.ArticleConsumers)
                {
                    endpoint.ConfigureConsumer(context, consumer);
                }
            });
        }

        foreach (var (name, consumer) in builder.ExclusiveScoredConsumers)
        {
            cfg.ReceiveEndpoint(name, endpoint =>
            {
                endpoint.PrefetchCount = options.ExclusiveConcurrentMessageLimit;
                endpoint.ConcurrentMessageLimit = options.ExclusiveConcurrentMessageLimit;
                endpoint.PublishFaults = false;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                    rabbit.SetQueueArgument("x-single-active-consumer", true);
                    rabbit.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
                    rabbit.BindDeadLetterQueue(name + "_error", name + "_error");
                }

                // Plain JSON (the default when a message has no content type) is read once, by the contracts'
                // generated metadata; MassTransit envelopes by MassTransit.
                endpoint.AddDeserializer(new ScoredSerializerFactory(new SystemTextJsonRawMessageSerializerFactory(PlainJson), PlainJson, name + "_error"), isDefault: true);
                endpoint.UseMessageRetry(r => ConfigureRetry(r, options));
                endpoint.ConfigureConsumer(context, consumer);
            });
        }

        ConfigureAlertEndpoints(context, cfg, builder);

        foreach (var (name, consumer, temporary) in builder.ScoredConsumers)
        {
            cfg.ReceiveEndpoint(name, endpoint =>
            {
                endpoint.PrefetchCount = options.PrefetchCount;
                SetConcurrency(endpoint, options);
                endpoint.PublishFaults = false;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit && temporary)
                {
                    rabbit.Durable = false;
                    rabbit.AutoDelete = true;
                }

                endpoint.UseMessageRetry(r => ConfigureRetry(r, options));
                endpoint.ConfigureConsumer(context, consumer);
            });
        }
    }

    /// <summary>What the bus changes in MassTransit's JSON options: the contracts' JSON on the wire.</summary>
    internal static System.Text.Json.JsonSerializerOptions ConfigureJson(System.Text.Json.JsonSerializerOptions json)
    {
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        json.WriteIndented = false;
        return json;
    }

    private static void ConfigureAlertEndpoints(IBusRegistrationContext context, IBusFactoryConfigurator cfg, MessagingBuilder builder)
    {
        foreach (var (name, consumer, key) in builder.AlertConsumers)
        {
            cfg.ReceiveEndpoint(name, endpoint =>
            {
                endpoint.PublishFaults = false;
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    // Bound by routing key to the topic exchange, not by message type.
                    endpoint.ConfigureConsumeTopology = false;
                    rabbit.Durable = false;
                    rabbit.AutoDelete = true;
                    rabbit.Bind(Topology.Alerts, bind =>
                    {
                        bind.ExchangeType = RabbitMQ.Client.ExchangeType.Topic;
                        bind.RoutingKey = key;
                    });
                }

                endpoint.ConfigureConsumer(context, consumer);
            });
        }
    }

    private static void ConfigureArticlesEndpoint(IReceiveEndpointConfigurator endpoint, MessagingOptions options)
    {
        // The articles exchange is the endpoint's own exchange; no message-type exchange is bound to it.
        endpoint.ConfigureConsumeTopology = false;
        endpoint.PublishFaults = false;
        endpoint.PrefetchCount = options.PrefetchCount;
        SetConcurrency(endpoint, options);
        if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            // A durable quorum queue that dead-letters a message delivered DeliveryLimit times (a worker that
            // crashes on it every time), so a poison message can never loop forever.
            rabbit.SetQuorumQueue();
            rabbit.SetQueueArgument("x-delivery-limit", options.DeliveryLimit);
            rabbit.BindDeadLetterQueue(Topology.ArticlesError, Topology.ArticlesError);
        }

        // Every article is read and checked as it is deserialised, plain JSON (the default when a message has no
        // content type) and MassTransit envelopes alike.
        endpoint.AddDeserializer(new ArticleSerializerFactory(new SystemTextJsonRawMessageSerializerFactory(PlainJson), options.MaxBodyBytes, PlainJson), isDefault: true);
        endpoint.AddDeserializer(new ArticleSerializerFactory(new SystemTextJsonMessageSerializerFactory(), options.MaxBodyBytes));
        endpoint.UseMessageRetry(r => ConfigureRetry(r, options));
    }

    private static void SetConcurrency(IReceiveEndpointConfigurator endpoint, MessagingOptions options)
    {
        // Without an explicit limit MassTransit handles as many messages at once as the prefetch count allows.
        if (options.ConcurrentMessageLimit > 0)
        {
            endpoint.ConcurrentMessageLimit = options.ConcurrentMessageLimit;
        }
    }

    private static void ConfigureRetry(IRetryConfigurator retry, MessagingOptions options)
    {
        if (options.RetryLimit > 0)
        {
            retry.Exponential(options.RetryLimit, options.RetryInterval, options.RetryInterval * Math.Pow(2, options.RetryLimit), options.RetryInterval);
        }
        else
        {
            retry.None();
        }

        retry.Ignore<InvalidMessageException>();
        retry.Ignore<System.Runtime.Serialization.SerializationException>();
    }
}

using MassTransit;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;

namespace EscalationRisk.Messaging;

/// <summary>Plain RabbitMQ.Client connections to the broker MassTransit's transport settings name.</summary>
public static class RabbitMqConnections
{
    /// <summary>A connection factory for the broker of the given transport options.</summary>
    public static ConnectionFactory Factory(RabbitMqTransportOptions options, string clientName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var factory = new ConnectionFactory
        {
            HostName = options.Host ?? "localhost",
            Port = options.Port,
            VirtualHost = string.IsNullOrEmpty(options.VHost) ? "/" : options.VHost,
            UserName = options.User ?? "guest",
            Password = options.Pass ?? "guest",
            ClientProvidedName = clientName,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        if (options.UseSsl)
        {
            factory.Ssl = new SslOption { Enabled = true, ServerName = factory.HostName };
        }

        return factory;
    }

    /// <summary>A connection factory from configuration (section <c>RabbitMqTransport</c>, e.g. environment variables).</summary>
    public static ConnectionFactory Factory(IConfiguration configuration, string clientName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new RabbitMqTransportOptions();
        configuration.GetSection(MessagingServiceCollectionExtensions.RabbitMqSection).Bind(options);
        return Factory(options, clientName);
    }
}

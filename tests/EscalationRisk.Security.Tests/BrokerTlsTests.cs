using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using EscalationRisk.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EscalationRisk.Security.Tests;

/// <summary>
/// TLS to the broker (issue 18): the test node listens for AMQPS with a certificate made at start by a CA of its own
/// (<c>scripts/rabbitmq.sh</c>, <c>ER_RABBIT_TLS_PORT</c>). A service given <c>RabbitMqTransport__UseSsl=true</c> and
/// that CA (<c>SSL_CERT_FILE</c>, as the README documents) works over it; a client that does not trust the CA is
/// refused, so the certificate is really checked.
/// </summary>
public sealed class BrokerTlsTests
{
    private static int TlsPort => int.Parse(Environment.GetEnvironmentVariable("ER_RABBIT_TLS_PORT") ?? "5680", CultureInfo.InvariantCulture);

    private static int Port => int.Parse(Environment.GetEnvironmentVariable("ER_RABBIT_PORT") ?? "5679", CultureInfo.InvariantCulture);

    private static string VHost => Environment.GetEnvironmentVariable("ER_RABBIT_TLS_VHOST") ?? "tls-tests";

    private static string CaFile => Path.Combine(Environment.GetEnvironmentVariable("ER_RABBIT_DIR") ?? "/tmp/escalationrisk-rabbitmq", "tls", "ca.pem");

    [Fact]
    public async Task A_client_that_does_not_trust_the_brokers_ca_is_refused_and_one_that_does_connects()
    {
        Assert.True(File.Exists(CaFile), $"no test CA at {CaFile}: scripts/test.sh sets ER_RABBIT_TLS_PORT");
        var untrusting = Factory(validate: null);
        var refused = await WhileTheBrokerRestartsAsync(async () => await Assert.ThrowsAnyAsync<BrokerUnreachableException>(() => untrusting.CreateConnectionAsync()),
            e => Chain(e).Any(IsConnectionRefused));
        Assert.Contains(Chain(refused), e => e is AuthenticationException);

        using var ca = X509CertificateLoader.LoadCertificateFromFile(CaFile);
        var trusting = Factory(validate: (_, certificate, _, _) => ChainsTo(certificate, ca));
        await using var connection = await WhileTheBrokerRestartsAsync(() => trusting.CreateConnectionAsync(), _ => false);
        Assert.True(connection.IsOpen);
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> again while the broker is not listening (the messaging tests, run beside these,
    /// stop and start the shared node to test recovery): a refused TCP connection says nothing about TLS, so it is
    /// tried again, for at most a minute; any other outcome is the answer.
    /// </summary>
    private static async Task<T> WhileTheBrokerRestartsAsync<T>(Func<Task<T>> attempt, Func<T, bool> refusedByAResult)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                var result = await attempt();
                if (!refusedByAResult(result) || DateTime.UtcNow >= deadline)
                {
                    return result;
                }
            }
            catch (BrokerUnreachableException ex) when (Chain(ex).Any(IsConnectionRefused) && DateTime.UtcNow < deadline)
            {
                // Not listening yet: try again below.
            }

            await Task.Delay(500);
        }
    }

    private static bool IsConnectionRefused(Exception e) => e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };

    [Fact]
    public async Task The_scoring_worker_scores_over_tls_when_given_the_ca()
    {
        await using var worker = await ApiProcess.StartServiceAsync("EscalationRisk.ScoringWorker", new Dictionary<string, string>
        {
            ["Messaging:Transport"] = "RabbitMQ",
            ["RabbitMqTransport:Host"] = "localhost",
            ["RabbitMqTransport:Port"] = TlsPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMqTransport:UseSsl"] = "true",
            ["RabbitMqTransport:VHost"] = VHost,
            ["RabbitMqTransport:User"] = "guest",
            ["RabbitMqTransport:Pass"] = "guest",
            ["SSL_CERT_FILE"] = CaFile,
        });

        // A plain client on the plain port publishes and listens; the worker between them speaks only TLS.
        var plain = new ConnectionFactory { HostName = "127.0.0.1", Port = Port, VirtualHost = VHost, UserName = "guest", Password = "guest" };
        await using var connection = await plain.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var received = await Subscriptions.SubscribeAsync(channel, "article-scored", ExchangeType.Fanout, "");

        var id = $"tls-{Guid.NewGuid():N}";
        await channel.BasicPublishAsync("articles", "", mandatory: false, new BasicProperties { ContentType = "application/json" },
            Encoding.UTF8.GetBytes($$"""{"articleId": "{{id}}", "body": "Warplanes struck militia positions near the border overnight, the army said."}"""));
        await ApiProcess.EventuallyAsync(() => Task.FromResult(received.Any(r => r.Contains(id, StringComparison.Ordinal)) ? "yes" : null), "the article scored over TLS");
    }

    private static ConnectionFactory Factory(RemoteCertificateValidationCallback? validate) => new()
    {
        HostName = "localhost",
        Port = TlsPort,
        VirtualHost = VHost,
        UserName = "guest",
        Password = "guest",
        RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        Ssl = new SslOption { Enabled = true, ServerName = "localhost", CertificateValidationCallback = validate },
    };

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2 ca)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }
}

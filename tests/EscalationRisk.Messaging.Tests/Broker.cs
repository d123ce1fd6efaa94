using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EscalationRisk.Messaging;
using EscalationRisk.ScoringWorker;
using EscalationRisk.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace EscalationRisk.Messaging.Tests;

/// <summary>
/// The RabbitMQ node the test command starts for the tests (scripts/rabbitmq.sh: 127.0.0.1, port ER_RABBIT_PORT,
/// default 5679). Tests that need it fail, not skip, when it is not there.
/// </summary>
internal static class Broker
{
    public static int Port { get; } = int.TryParse(Environment.GetEnvironmentVariable("ER_RABBIT_PORT"), out var port) ? port : 5679;

    public static ConnectionFactory Factory(string user = "guest", string pass = "guest") => new()
    {
        HostName = "127.0.0.1",
        Port = Port,
        UserName = user,
        Password = pass,
        ClientProvidedName = "escalation-risk tests",
    };

    /// <summary>Configuration for a worker on this broker.</summary>
    public static Dictionary<string, string?> WorkerSettings(string pass = "guest", int startupAttempts = 10) => new()
    {
        ["Messaging:Transport"] = "RabbitMQ",
        ["Messaging:StartupAttempts"] = startupAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Messaging:StartupDelay"] = "00:00:00.200",
        ["Messaging:StartupMaxDelay"] = "00:00:01",
        ["Messaging:ShutdownTimeout"] = "00:00:20",
        ["Messaging:WatchdogInterval"] = "00:00:02",
        ["Messaging:RetryLimit"] = Environment.GetEnvironmentVariable("ER_TEST_RETRY") ?? "2",
        ["RabbitMqTransport:Host"] = "127.0.0.1",
        ["RabbitMqTransport:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMqTransport:User"] = "guest",
        ["RabbitMqTransport:Pass"] = pass,
    };

    public static async Task<IConnection> ConnectAsync()
    {
        try
        {
            return await Factory().CreateConnectionAsync();
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"No RabbitMQ on 127.0.0.1:{Port}. Run the tests with scripts/test.sh, which starts a node for them " +
                "(or start one with scripts/rabbitmq.sh start).", ex);
        }
    }

    /// <summary>Deletes a queue if it exists (a test's own fresh start).</summary>
    public static async Task DeleteQueueAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    /// <summary>Runs scripts/rabbitmq.sh with a subcommand (stop-app, start-app, pid) and fails on a non-zero exit; returns its output.</summary>
    public static Task<string> ScriptAsync(string subcommand) => RunScriptAsync("rabbitmq.sh", subcommand);

    /// <summary>Runs one of scripts/ with a subcommand and extra environment; fails on a non-zero exit; returns its standard output.</summary>
    public static async Task<string> RunScriptAsync(string script, string subcommand, IReadOnlyDictionary<string, string>? environment = null, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoRoot.Path, "scripts", script), subcommand, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{script} {subcommand} failed ({process.ExitCode}): {await stdout} {await stderr}");
        return await stdout;
    }

    public static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}

/// <summary>A scoring worker hosted in the test process, on the broker, exactly as the service registers it.</summary>
internal sealed class InProcessWorker : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessWorker(IHost host) => _host = host;

    public BusState State => _host.Services.GetRequiredService<BusState>();

    public IServiceProvider Services => _host.Services;

    public static async Task<InProcessWorker> StartAsync(Dictionary<string, string?>? settings = null, bool waitUntilStarted = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? Broker.WorkerSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddScoringWorker(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        var worker = new InProcessWorker(host);
        if (waitUntilStarted)
        {
            await worker.WaitForAsync(BusPhase.Started, TimeSpan.FromSeconds(60));
        }

        return worker;
    }

    public async Task WaitForAsync(BusPhase phase, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (State.Current.Phase != phase)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the bus did not reach {phase} within {timeout}: {State.Current.Phase}, {State.Current.Description}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(30));
        _host.Dispose();
    }
}

/// <summary>The scoring worker as its own process (the built service), for kill and restart tests.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Dll => Path.Combine(AppContext.BaseDirectory, "EscalationRisk.ScoringWorker.dll");

    public static string AlertWorkerDll => Path.Combine(AppContext.BaseDirectory, "EscalationRisk.AlertWorker.dll");

    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "escalation-risk.dll");

    public static WorkerProcess Start(Dictionary<string, string?>? settings = null, string? dll = null, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [dll ?? Dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in settings ?? Broker.WorkerSettings())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__LogLevel__Default"] = "Information";
        start.Environment["Logging__LogLevel__MassTransit"] = Environment.GetEnvironmentVariable("ER_TEST_MT_LOG") ?? "Warning";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public async Task WaitForLogAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"the worker exited ({_process.ExitCode}) before logging '{text}':\n{Output}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"the worker did not log '{text}' within {timeout}:\n{Output}");
            await Task.Delay(50);
        }
    }

    /// <summary>The address the worker serves health on, read from its start-up log.</summary>
    public async Task<Uri> HttpAddressAsync(TimeSpan timeout)
    {
        const string marker = "Now listening on: ";
        await WaitForLogAsync(marker, timeout);
        // The log is JSON (one object per line): the address is the URL right after the marker.
        var match = System.Text.RegularExpressions.Regex.Match(Output, "Now listening on: (http://[0-9A-Za-z.\\[\\]:]+)");
        Assert.True(match.Success, Output);
        return new Uri(match.Groups[1].Value);
    }

    /// <summary>SIGKILL: no chance to finish or acknowledge anything.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>SIGTERM, as Kubernetes or systemd sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}

/// <summary>
/// A plain RabbitMQ.Client client of the tests: owns one connection and one channel, and closes both on dispose
/// (after <see cref="BeforeCloseAsync"/>, e.g. deleting its own queue).
/// </summary>
internal abstract class BrokerClient(IConnection connection, IChannel channel) : IAsyncDisposable
{
    protected IChannel Channel { get; } = channel;

    public async ValueTask DisposeAsync()
    {
        try
        {
            // After a broker restart the client's automatic recovery may still be reopening the channel: wait for it
            // (up to 15 s) rather than fail the test in its clean-up.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!(connection.IsOpen && Channel.IsOpen) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            await BeforeCloseAsync();
            await Channel.CloseAsync();
            await connection.CloseAsync();
        }
        finally
        {
            Channel.Dispose();
            connection.Dispose();
        }
    }

    protected virtual Task BeforeCloseAsync() => Task.CompletedTask;
}

/// <summary>One scored message as a plain AMQP subscriber receives it.</summary>
internal sealed record ScoredDelivery(string ArticleId, byte[] Body, string? MessageId, string? ContentType);

/// <summary>
/// A plain RabbitMQ.Client subscriber: its own durable queue bound to <c>article-scored</c> (durable so it keeps what
/// arrives while the broker restarts), deleted on dispose.
/// </summary>
internal sealed class ScoredWatcher(IConnection connection, IChannel channel, string queue) : BrokerClient(connection, channel)
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<ScoredDelivery>> _received = new(StringComparer.Ordinal);
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public int Distinct => _received.Count;

    public IReadOnlyDictionary<string, ConcurrentBag<ScoredDelivery>> Received => _received;

    public static async Task<ScoredWatcher> StartAsync()
    {
        var factory = Broker.Factory();
        factory.AutomaticRecoveryEnabled = true;
        factory.NetworkRecoveryInterval = TimeSpan.FromMilliseconds(500);
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(Topology.ArticleScored, ExchangeType.Fanout, durable: true);
        var queue = $"test-scored-{Guid.NewGuid():N}";
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, Topology.ArticleScored, routingKey: "");
        await channel.BasicQosAsync(0, 500, false);
        var watcher = new ScoredWatcher(connection, channel, queue);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var body = delivery.Body.ToArray();
            using (var document = JsonDocument.Parse(body))
            {
                var id = document.RootElement.GetProperty("articleId").GetString()!;
                watcher._received.GetOrAdd(id, _ => []).Add(new ScoredDelivery(id, body, delivery.BasicProperties.MessageId, delivery.BasicProperties.ContentType));
            }

            Interlocked.Increment(ref watcher._total);
            await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer);
        return watcher;
    }

    public async Task<bool> WaitForAsync(IEnumerable<string> articleIds, TimeSpan timeout)
    {
        var ids = articleIds.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (ids.All(_received.ContainsKey))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    protected override Task BeforeCloseAsync() => Channel.QueueDeleteAsync(queue);
}

/// <summary>A plain RabbitMQ.Client publisher with publisher confirms, as any non-MassTransit producer would be.</summary>
internal sealed class PlainPublisher(IConnection connection, IChannel channel) : BrokerClient(connection, channel)
{
    public static async Task<PlainPublisher> StartAsync()
    {
        var connection = await Broker.ConnectAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        return new PlainPublisher(connection, channel);
    }

    /// <summary>Publishes one body to <c>articles</c>, persistent; returns once the broker confirmed it.</summary>
    public ValueTask PublishAsync(byte[] body, string? contentType = "application/json", string exchange = Topology.Articles)
    {
        var properties = new BasicProperties { Persistent = true, ContentType = contentType };
        return Channel.BasicPublishAsync(exchange, routingKey: "", mandatory: false, properties, body);
    }

    /// <summary>Publishes many articles, a window of them awaiting their confirms at a time.</summary>
    public async Task PublishManyAsync(IReadOnlyList<string> articleIds, int window = 200)
    {
        for (var i = 0; i < articleIds.Count; i += window)
        {
            var batch = Enumerable.Range(i, Math.Min(window, articleIds.Count - i))
                .Select(j => PublishAsync(Articles.Json(articleIds[j], j)).AsTask());
            await Task.WhenAll(batch);
        }
    }

}

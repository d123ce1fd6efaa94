using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace EscalationRisk.Testing;

/// <summary>
/// A service as a real process, started from its own build output (the same configuration as this test's), on a free
/// loopback port, ready once <c>/health/ready</c> answers 200. By default the Api with a fresh SQLite store: the whole
/// system in one process (in-memory bus), as the main command runs it.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    public const string Token = "test-token-7f3a";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _folder;

    private ApiProcess(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Authorized = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Authorized.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public Uri Address { get; }

    /// <summary>The service's process id (for its memory in /proc).</summary>
    public int ProcessId => _process.Id;

    /// <summary>A client without a token.</summary>
    public HttpClient Client { get; }

    /// <summary>A client with the right token.</summary>
    public HttpClient Authorized { get; }

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

    /// <summary>
    /// Starts the Api, replaying nothing at start unless <paramref name="args"/> or <paramref name="settings"/> say
    /// what (the one-process mode would replay the bundled samples: tests want their own articles only).
    /// </summary>
    public static Task<ApiProcess> StartAsync(Dictionary<string, string>? settings = null, params string[] args)
    {
        var quiet = new Dictionary<string, string>(settings ?? []);
        if (!args.Contains("--replay") && !quiet.ContainsKey("Api:ReplayOnStart"))
        {
            quiet["Api:ReplayOnStart"] = "none";
        }

        return StartServiceAsync("EscalationRisk.Api", quiet, args);
    }

    /// <summary>The README's main command as it is: the Api with no argument and no setting beyond the test's own store and port.</summary>
    public static Task<ApiProcess> StartMainCommandAsync() => StartServiceAsync("EscalationRisk.Api");

    /// <summary>Starts a service of <c>services/</c> by project name.</summary>
    public static async Task<ApiProcess> StartServiceAsync(string service, Dictionary<string, string>? settings = null, params string[] args)
    {
        var dll = Path.Combine(RepoRoot.Path, "services", service, "bin", RepoRoot.Configuration, "net10.0", service + ".dll");
        Assert.True(File.Exists(dll), $"{service} is not built: {dll}");
        var folder = Directory.CreateTempSubdirectory("er-api-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["Api__Token"] = Token;
        start.Environment["ConnectionStrings__Alerts"] = $"Data Source={Path.Combine(folder, "alerts.db")}";
        start.Environment["Alerting__EvaluateInterval"] = "00:00:01";
        start.Environment["Messaging__Transport"] = "InMemory";
        foreach (var (key, value) in settings ?? [])
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var api = new ApiProcess(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process.HasExited, $"{service} exited ({(process.HasExited ? process.ExitCode : 0)}):\n{api.Output}");
            if (DateTime.UtcNow >= deadline)
            {
                // Not left running: a service that never became ready would go on consuming from the test broker.
                await api.DisposeAsync();
                Assert.Fail($"{service} did not become ready:\n{api.Output}");
            }

            try
            {
                using var ready = await api.Client.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds (at most <paramref name="seconds"/>).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Idempotent: a test may stop the process itself (a replica restarted) before its own dispose.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Client.Dispose();
        Authorized.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private int _disposed;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

/// <summary>One Api process shared by the tests of a class.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public ApiProcess Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiProcess.StartAsync();

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

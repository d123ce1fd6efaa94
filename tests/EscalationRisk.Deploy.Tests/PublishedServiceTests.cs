using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EscalationRisk.Testing;

namespace EscalationRisk.Deploy.Tests;

/// <summary>
/// No Docker engine here to build the images, so the next best thing: each service's <c>dotnet publish</c> output run
/// the way the manifests run it: as an unprivileged user (nobody, uid 65534), from a read-only folder, with the
/// rendered ConfigMap's settings for its environment (in-memory bus instead of the broker, a store under a writable
/// temporary folder like the pod's /tmp), answering the manifests' probe paths on the manifests' port.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishedServiceTests : IDisposable
{
    private const int Nobody = 65534;
    private readonly string _root = Directory.CreateTempSubdirectory("er-publish-").FullName;

    public PublishedServiceTests() =>
        File.SetUnixFileMode(_root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

    public void Dispose()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(_root, "*", SearchOption.AllDirectories).Prepend(_root))
        {
            File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("EscalationRisk.ScoringWorker", "scoring-worker")]
    [InlineData("EscalationRisk.AlertWorker", "alert-worker")]
    [InlineData("EscalationRisk.Api", "api")]
    public async Task The_published_service_runs_as_an_unprivileged_user_from_a_read_only_folder_and_answers_its_probes(string project, string deployment)
    {
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root", "the test switches to user nobody, which needs root (the test command runs as root)");
        var rendered = Manifests.Render("prod");
        var settings = ManifestChecks.Settings(rendered);
        var container = rendered.Single("Deployment", deployment)["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        var port = (int)container["ports"]!.AsArray().Single(p => (string?)p!["name"] == "http")!["containerPort"]!;
        var live = (string)container["livenessProbe"]!["httpGet"]!["path"]!;
        var ready = (string)container["readinessProbe"]!["httpGet"]!["path"]!;
        Assert.True(PortIsFree(port), $"port {port} is taken on this machine");

        var published = Path.Combine(_root, deployment);
        // Published from what the test command already built (the same configuration as this test), without building
        // again while other test projects run those services.
        Run("dotnet", ["publish", Path.Combine(RepoRoot.Path, "services", project, project + ".csproj"), "-c", RepoRoot.Configuration, "--no-build", "-o", published, "--nologo", "-v", "quiet"]);
        MakeReadOnly(published);
        var writable = Path.Combine(_root, deployment + "-tmp");
        Directory.CreateDirectory(writable);
        File.SetUnixFileMode(writable, (UnixFileMode)0x1FF); // like the pod's /tmp emptyDir
        File.Copy(Path.Combine(RepoRoot.Path, "k8s", "base", "rules.json"), Path.Combine(writable, "rules.json"));

        var start = new ProcessStartInfo("setpriv", [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", "dotnet", project + ".dll"])
        {
            WorkingDirectory = published,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        // What the cluster would give from its broker, database and secrets, given here without them.
        start.Environment["Messaging__Transport"] = "InMemory";
        start.Environment["ConnectionStrings__Alerts"] = $"Data Source={Path.Combine(writable, "alerts.db")}";
        start.Environment["Alerting__RulesFile"] = Path.Combine(writable, "rules.json");
        start.Environment["Api__Token"] = "published-test";
        start.Environment["HOME"] = writable;
        start.Environment["TMPDIR"] = writable;

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(process.HasExited, $"{project} exited ({(process.HasExited ? process.ExitCode : 0)}):\n{output}");
                Assert.True(DateTime.UtcNow < deadline, $"{project} did not answer {ready}:\n{output}");
                try
                {
                    using var response = await client.GetAsync(new Uri(ready.TrimStart('/'), UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Slow to answer while starting.
                }

                await Task.Delay(200);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(live.TrimStart('/'), UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("metrics", UriKind.Relative))).StatusCode);
            var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
            Assert.Contains(status, l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).All(u => u == Nobody.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static void MakeReadOnly(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Run(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(300_000), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {output.Result}{error.Result}");
    }
}

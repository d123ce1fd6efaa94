using System.Diagnostics;
using System.Text.Json;
using EscalationRisk.Testing;

namespace EscalationRisk.Messaging.Tests;

/// <summary>A real non-.NET client: Node.js with amqplib publishes plain JSON and reads the results from its own queue.</summary>
[Collection("broker")]
public sealed class NodeInteropTests
{
    [Fact]
    public async Task A_nodejs_amqplib_client_publishes_plain_json_and_reads_the_scored_results()
    {
        var folder = Path.Combine(RepoRoot.Path, "tests", "interop-node");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "amqplib")),
            "amqplib is not installed: scripts/test.sh runs 'npm ci' in tests/interop-node");
        await using var worker = await InProcessWorker.StartAsync();

        var start = new ProcessStartInfo("node", ["interop.mjs"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AMQP_URL"] = $"amqp://guest:guest@127.0.0.1:{Broker.Port}";
        start.Environment["COUNT"] = "40";
        start.Environment["TIMEOUT_MS"] = "30000";
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var output = (await stdout).Trim();
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {output} {await stderr}");
        using var summary = JsonDocument.Parse(output.Split('\n')[^1]);
        Assert.Equal(40, summary.RootElement.GetProperty("published").GetInt32());
        Assert.Equal(40, summary.RootElement.GetProperty("received").GetInt32());
        Assert.Equal(0, summary.RootElement.GetProperty("invalid").GetInt32());
    }
}

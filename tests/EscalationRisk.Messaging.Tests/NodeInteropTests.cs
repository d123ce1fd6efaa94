using System.Text.Json;

namespace EscalationRisk.Messaging.Tests;

/// <summary>A real non-.NET client: Node.js with amqplib publishes plain JSON and reads the results from its own queue.</summary>
[Collection("broker")]
public sealed class NodeInteropTests
{
    [Fact]
    public async Task A_nodejs_amqplib_client_publishes_plain_json_and_reads_the_scored_results()
    {
        await using var worker = await InProcessWorker.StartAsync();
        using var node = NodeScript.Start("interop.mjs", new Dictionary<string, string> { ["COUNT"] = "40", ["TIMEOUT_MS"] = "30000" });
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

using System.Diagnostics;
using EscalationRisk.Testing;

namespace EscalationRisk.Messaging.Tests;

/// <summary>A script of the Node.js interop client (tests/interop-node), run against the test broker.</summary>
internal static class NodeScript
{
    /// <summary>Starts <paramref name="script"/> with AMQP_URL set to the test broker and the given environment.</summary>
    public static Process Start(string script, IReadOnlyDictionary<string, string> environment)
    {
        var folder = Path.Combine(RepoRoot.Path, "tests", "interop-node");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "amqplib")),
            "amqplib is not installed: scripts/test.sh runs 'npm ci' in tests/interop-node");
        var start = new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AMQP_URL"] = $"amqp://guest:guest@127.0.0.1:{Broker.Port}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return Process.Start(start)!;
    }
}

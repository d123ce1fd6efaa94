using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EscalationRisk.Testing;

namespace EscalationRisk.Security.Tests;

/// <summary>
/// Issue 18's first probe, replayed against the Api as a real process: thirty concurrent 25 MB bodies without a
/// token to every change endpoint (and over the limit to the open scoring endpoint). Each must be refused from its
/// headers alone, before its body is read, and the process's resident memory must grow by less than 50 MB; the same
/// under the deployment's 384 MiB heap limit, with legitimate reads answered throughout.
/// </summary>
public sealed class UnauthenticatedFloodTests
{
    private const long BodyBytes = 25L * 1024 * 1024;
    private const int Concurrent = 30;

    public static TheoryData<string, string, int> Endpoints => new()
    {
        { "POST", "/api/articles", 401 },
        { "PUT", "/api/rules/flood", 401 },
        { "DELETE", "/api/rules/flood", 401 },
        { "POST", "/api/silences", 401 },
        { "DELETE", "/api/silences/flood", 401 },
        { "POST", "/api/score", 413 },
    };

    [Fact]
    public async Task Thirty_concurrent_25_MB_bodies_to_every_change_endpoint_are_refused_unread_and_memory_stays_flat()
    {
        await using var api = await ApiProcess.StartAsync();
        await WarmAsync(api);
        var before = ResidentMegabytes(api.ProcessId);
        var report = new StringBuilder();
        foreach (var row in Endpoints)
        {
            var (method, path, expected) = ((string)row[0], (string)row[1], (int)row[2]);
            var statuses = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => SendAsync(api.Address, method, path, BodyBytes)));
            report.AppendLine(CultureInfo.InvariantCulture, $"{method} {path}: {string.Join(",", statuses.Select(s => s.Status).Distinct())}, sent at most {statuses.Max(s => s.Sent) / 1024} KiB");
            Assert.All(statuses, s => Assert.Equal(expected, s.Status));
        }

        var after = ResidentMegabytes(api.ProcessId);
        report.AppendLine(CultureInfo.InvariantCulture, $"resident {before:F0} MB before, {after:F0} MB after");
        await File.WriteAllTextAsync(RepoRoot.Artifact("unauthenticated-flood.txt"), report.ToString());
        Assert.True(after - before < 50, report.ToString());

        // Still serving.
        using var risk = await api.Client.GetAsync(new Uri("api/risk", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, risk.StatusCode);
    }

    [Fact]
    public async Task Under_a_384_MiB_heap_limit_the_flood_is_refused_and_legitimate_reads_are_answered_throughout()
    {
        await using var api = await ApiProcess.StartAsync(new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x18000000" });
        await WarmAsync(api);
        using var stop = new CancellationTokenSource();
        var reads = Task.Run(async () =>
        {
            var answered = new List<HttpStatusCode>();
            while (!stop.IsCancellationRequested)
            {
                using var response = await api.Client.GetAsync(new Uri("api/alerts", UriKind.Relative));
                answered.Add(response.StatusCode);
                await Task.Delay(50);
            }

            return answered;
        });

        var floods = Endpoints.Select(row => Task.WhenAll(Enumerable.Range(0, Concurrent)
            .Select(_ => SendAsync(api.Address, (string)row[0], (string)row[1], BodyBytes)))).ToList();
        var statuses = (await Task.WhenAll(floods)).SelectMany(s => s).ToList();
        await stop.CancelAsync();
        var answered = await reads;

        Assert.All(statuses, s => Assert.True(s.Status is 401 or 413, $"status {s.Status}"));
        Assert.NotEmpty(answered);
        Assert.All(answered, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.DoesNotContain("OutOfMemory", api.Output, StringComparison.Ordinal);
    }

    private static async Task WarmAsync(ApiProcess api)
    {
        for (var i = 0; i < 5; i++)
        {
            using var response = await api.Client.GetAsync(new Uri("api/risk", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>
    /// Sends the headers of a request declaring <paramref name="length"/> bytes of JSON, then streams the body until
    /// the server answers or closes: the status, and how much of the body went out before that.
    /// </summary>
    private static async Task<(int Status, long Sent)> SendAsync(Uri address, string method, string path, long length)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        var head = $"{method} {path} HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var response = ReadStatusAsync(stream);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        long sent = 0;
        try
        {
            while (sent < length && !response.IsCompleted)
            {
                await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
                sent += chunk.Length;
            }
        }
        catch (IOException)
        {
            // The server closed the connection after answering: the rest was never read.
        }

        return (await response.WaitAsync(TimeSpan.FromSeconds(60)), sent);
    }

    private static async Task<int> ReadStatusAsync(NetworkStream stream)
    {
        var buffer = new byte[512];
        var read = 0;
        while (read < 12)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                return 0;
            }

            read += n;
        }

        // "HTTP/1.1 401 ..."
        return int.Parse(Encoding.ASCII.GetString(buffer, 9, 3), CultureInfo.InvariantCulture);
    }

    private static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}

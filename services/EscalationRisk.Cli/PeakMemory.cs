using System.Collections.Concurrent;
using System.Globalization;

namespace EscalationRisk.Cli;

/// <summary>
/// Samples a process's resident memory (VmRSS) every 100 ms and keeps the peak, and every 10 s a sample for the
/// run's trend (a soak run shows whether the working set grows).
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly Timer timer;
    private readonly Timer trend;
    private readonly int pid;
    private readonly ConcurrentQueue<double> samples = new();
    private long peakKb;
    private long lastKb;

    public PeakMemory(int pid)
    {
        this.pid = pid;
        timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        trend = new Timer(_ => samples.Enqueue(Interlocked.Read(ref lastKb) / 1024.0), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <summary>The working set every 10 s, in MB.</summary>
    public IReadOnlyList<double> Samples => [.. samples];

    public double PeakMegabytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref peakKb) / 1024.0;
        }
    }

    public void Dispose()
    {
        timer.Dispose();
        trend.Dispose();
    }

    private void Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture, out var kb))
                {
                    Interlocked.Exchange(ref lastKb, kb);
                    long seen;
                    while (kb > (seen = Interlocked.Read(ref peakKb)) && Interlocked.CompareExchange(ref peakKb, kb, seen) != seen)
                    {
                    }
                }
            }
        }
        catch (IOException)
        {
            // The process has gone; keep the peak seen.
        }
    }
}

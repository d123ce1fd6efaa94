using System.Collections.Concurrent;
using System.Globalization;

namespace EscalationRisk.Cli;

/// <summary>
/// Samples a process's resident memory (VmRSS) every 100 ms and keeps the peak, and every 10 s a sample for the
/// run's trend (a soak run shows whether the working set grows).
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly Timer _timer;
    private readonly Timer _trend;
    private readonly int _pid;
    private readonly ConcurrentQueue<double> _samples = new();
    private long _peakKb;
    private long _lastKb;

    public PeakMemory(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        _trend = new Timer(_ => _samples.Enqueue(Interlocked.Read(ref _lastKb) / 1024.0), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    /// <summary>The working set every 10 s, in MB.</summary>
    public IReadOnlyList<double> Samples => [.. _samples];

    public double PeakMegabytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peakKb) / 1024.0;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        _trend.Dispose();
    }

    private void Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)
                    && long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture, out var kb))
                {
                    Interlocked.Exchange(ref _lastKb, kb);
                    long seen;
                    while (kb > (seen = Interlocked.Read(ref _peakKb)) && Interlocked.CompareExchange(ref _peakKb, kb, seen) != seen)
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

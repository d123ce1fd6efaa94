using System.Diagnostics;

namespace EscalationRisk.Cli;

/// <summary>The CPU time (user and system) of named processes on this machine, read from the kernel's accounting.</summary>
internal sealed class CpuClock
{
    private readonly List<(string Name, int Pid, Process? Process)> _processes;

    private CpuClock(List<(string Name, int Pid, Process? Process)> processes) => _processes = processes;

    /// <summary>A process named but not running here, if any.</summary>
    public (string Name, int Pid)? Missing => _processes.Where(p => p.Process is null).Select(p => ((string, int)?)(p.Name, p.Pid)).FirstOrDefault();

    /// <summary>Watches the processes with a positive id; a zero id means "not measured".</summary>
    public static CpuClock Of(params (string Name, int Pid)[] named) =>
        new([.. named.Where(n => n.Pid > 0).Select(n => (n.Name, n.Pid, Find(n.Pid)))]);

    public Dictionary<string, TimeSpan> Read()
    {
        var now = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (name, _, process) in _processes)
        {
            try
            {
                process!.Refresh();
                now[name] = process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                // The process has exited: it is left out of this reading.
            }
        }

        return now;
    }

    /// <summary>Microseconds of CPU per item for each process since <paramref name="before"/>.</summary>
    public IReadOnlyDictionary<string, double> PerItemSince(Dictionary<string, TimeSpan> before, int items)
    {
        var after = Read();
        return after.Where(a => before.ContainsKey(a.Key))
            .ToDictionary(a => a.Key, a => (a.Value - before[a.Key]).TotalMicroseconds / items, StringComparer.Ordinal);
    }

    private static Process? Find(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

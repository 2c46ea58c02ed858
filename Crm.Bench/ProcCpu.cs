namespace Crm.Bench;

/// <summary>CPU time of processes from /proc/&lt;pid&gt;/stat (Linux), including their reaped children's.</summary>
public static class ProcCpu
{
    // /proc reports times in USER_HZ ticks, which Linux fixes at 100 per second for every architecture's user space.
    private const double TicksPerSecond = 100;

    /// <summary>The process's own CPU plus its exited, waited-for children's, plus every live child's (one level down).</summary>
    public static TimeSpan Tree(int pid)
    {
        var total = Of(pid)?.Cpu ?? 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child) || child == pid) continue;
            if (Of(child) is { Parent: var parent, Cpu: var cpu } && parent == pid) total += cpu;
        }
        return TimeSpan.FromSeconds(total / TicksPerSecond);
    }

    private static (int Parent, long Cpu)? Of(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // The command name is in parentheses and may hold spaces; the fields after it are: state ppid ... utime stime cutime cstime.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]));
    }
}

using System.Globalization;

namespace Crm.Bench;

/// <summary>What the benches print about the machine they ran on: cores, CPU model, time, and how busy it was.</summary>
public static class Machine
{
    public static string Describe()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        return $"{Environment.ProcessorCount} cores ({model ?? "unknown CPU"}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage():F1}";
    }

    /// <summary>The 1-minute load average: other work on the machine (on a shared box, other people's builds) that the figures share the cores with.</summary>
    public static double LoadAverage() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}

using System.Diagnostics;

namespace Crm.Bench;

/// <summary>Times one operation many times and reports percentiles in milliseconds.</summary>
public sealed class Latency(string name)
{
    private readonly List<double> samples = [];

    public string Name { get; } = name;

    public static Latency From(string name, IEnumerable<double> milliseconds)
    {
        var latency = new Latency(name);
        latency.samples.AddRange(milliseconds);
        return latency;
    }

    /// <summary>One sample timed by the caller.</summary>
    public void Add(double milliseconds) => samples.Add(milliseconds);

    public async Task MeasureAsync(int count, Func<int, Task> operation, int warmup = 200)
    {
        for (var i = 0; i < warmup; i++) await operation(i);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(warmup + i);
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public double Percentile(double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string Row(Latency baseline, double? targetP99 = null) =>
        $"| {Name,-22} | {samples.Count,7} | {Percentile(50),8:F3} | {Percentile(99),8:F3} | {Percentile(99) / baseline.Percentile(99),8:F1}x | " +
        (targetP99 is { } target ? $"{target,6:F0} | {(Percentile(99) <= target ? "met" : "MISSED"),6} |" : "     - |      - |");

    public static string Header =>
        "| operation              | samples | p50 (ms) | p99 (ms) | p99/base | target | result |\n" +
        "|------------------------|--------:|---------:|---------:|---------:|-------:|--------|";
}

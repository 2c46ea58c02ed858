using Crm.ServiceInterface.Reports;

namespace Crm.Tests.Reports;

/// <summary>The speed report's 90th percentile found in place is the nearest rank a sort gives, duplicates and all.</summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 3)]
    [InlineData(10, 10)]
    [InlineData(1001, 5)]
    [InlineData(20_000, 20_000)]
    [InlineData(20_000, 2)]
    public void The_ninetieth_percentile_equals_the_sorted_nearest_rank(int count, int distinct)
    {
        var random = new Random(count * 31 + distinct);
        var values = Enumerable.Range(0, count).Select(_ => (long?)random.Next(distinct)).Concat([null, null]).ToList();
        var sorted = values.Where(v => v is not null).Select(v => v!.Value).Order().ToList();

        var stat = Durations.Of(values);

        Assert.Equal(count, stat.Count);
        Assert.Equal(Durations.Percentile(sorted, 0.9), stat.P90Ms);
        Assert.Equal((long)Math.Round(sorted.Average(v => (double)v)), stat.AverageMs);
        for (var k = 0; k < Math.Min(count, 50); k++) Assert.Equal(sorted[k], Durations.Select(sorted.ToArray(), k));
        Assert.Equal(sorted[^1], Durations.Select(sorted.AsEnumerable().Reverse().ToArray(), count - 1));
    }
}

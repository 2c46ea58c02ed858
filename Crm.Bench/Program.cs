using Crm.Bench;

// Benchmarks report latencies and their ratio to a baseline measured in the same run, never pass/fail.
var benchmarks = new Dictionary<string, Func<string[], Task>>
{
    ["lookup"] = LookupBench.RunAsync,
    ["route"] = RouteBench.RunAsync,
    ["ingest"] = IngestBench.RunAsync,
    ["monitor"] = MonitorBench.RunAsync,
    ["cluster"] = ClusterBench.RunAsync,
    ["reports"] = ReportsBench.RunAsync,
    ["playback"] = PlaybackBench.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project Crm.Bench -- <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}
await run(args[1..]);
return 0;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Net.Http.Json;
using System.Text.Json;
using Crm.ServiceModel;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crm.Bench;

/// <summary>
/// `monitor`: 1,000 agents in 100 queues, supervisors setting agents' states at a fixed rate through
/// PUT /api/agents/{id}/state while 100 supervisor streams listen. Reports GET /api/monitor (idle and under load) and the
/// delay from a state change's PUT starting to its agent-state event arriving on each supervisor stream, each beside the
/// same server's GET /healthz (idle and under load) in the same run.
/// </summary>
public static class MonitorBench
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RunAsync(string[] args)
    {
        var agentCount = RouteBench.Arg(args, 0, 1000);
        var queueCount = RouteBench.Arg(args, 1, 100);
        var rate = RouteBench.Arg(args, 2, 200);
        var seconds = RouteBench.Arg(args, 3, 20);
        var streamCount = RouteBench.Arg(args, 4, 100);
        using var app = await AppUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
            ["Crm:Auth:LoginPermitsPerMinute"] = "100000",
        });
        var agentIds = Seed(app.CrmDbPath, agentCount, queueCount);
        using var control = await RouteBench.SignInAsync(app, "supervisor", 64);
        // One signed-in client holds every stream, one connection each: thousands of sign-ins would measure password hashing instead.
        using var listener = await RouteBench.SignInAsync(app, "supervisor", streamCount + 8);
        var listeners = Enumerable.Repeat(listener, streamCount).ToArray();
        var memoryBefore = app.Memory();

        var healthIdle = new Latency("baseline: /healthz idle");
        await healthIdle.MeasureAsync(2000, async _ => (await control.GetAsync("/healthz")).EnsureSuccessStatusCode());
        var monitorIdle = new Latency("GET /api/monitor idle");
        await monitorIdle.MeasureAsync(200, async _ => (await control.GetAsync("/api/monitor")).EnsureSuccessStatusCode(), warmup: 20);

        using var stop = new CancellationTokenSource();
        var arrivals = listeners.Select(_ => new List<(long AgentId, long Since, long At)>()).ToArray();
        var streams = listeners.Select((l, i) => ListenAsync(l, arrivals[i], stop.Token)).ToList();
        await Task.Delay(2000 + streamCount / 5); // every stream connected
        var memoryConnected = app.Memory();

        // A server runs for days: measure it warm, not the JIT's first compile of every path a delivery takes.
        var states = new string[agentIds.Count];
        for (var i = 0; i < Warmup; i++) await SetStateAsync(control, agentIds[^(i + 1)], states, agentIds.Count - 1 - i);
        await Task.Delay(2000 + streamCount / 5);
        var idle = await app.IdleCpuAsync();
        var cpuBefore = app.Cpu();
        var benchCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;

        Console.WriteLine($"Setting {rate}/s agent states for {seconds} s on {agentCount:N0} agents, {streamCount} supervisor streams listening...");
        var started = new ConcurrentDictionary<(long, long), long>(); // (agent, since) -> when the PUT started
        var failures = 0;
        var healthLoad = new Latency("/healthz under load");
        var monitorLoad = new Latency("GET /api/monitor under load");
        using var loadOver = new CancellationTokenSource();
        var probes = new[]
        {
            ProbeAsync(control, "/healthz", healthLoad, loadOver.Token),
            ProbeAsync(control, "/api/monitor", monitorLoad, loadOver.Token),
        };
        var clock = Stopwatch.StartNew();
        var changes = rate * seconds;
        var sends = new List<Task>(changes);
        for (var i = 0; i < changes; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            var slot = i % agentIds.Count;
            var agentId = agentIds[slot];
            var to = Toggle(states, slot);
            sends.Add(Task.Run(async () =>
            {
                var at = Stopwatch.GetTimestamp();
                var response = await control.PutAsJsonAsync($"/api/agents/{agentId}/state", new SetAgentStateBySupervisor { State = to });
                if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref failures); return; }
                var agent = (await response.Content.ReadFromJsonAsync<AgentDto>(Json))!;
                started[(agentId, agent.Since)] = at;
            }));
        }
        await Task.WhenAll(sends);
        var sendSeconds = clock.Elapsed.TotalSeconds;
        await loadOver.CancelAsync();
        await Task.WhenAll(probes);
        await Task.Delay(3000); // the last events reach every stream
        var memoryAfter = app.Memory();
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var appCpu = CpuCost.Between(cpuBefore, app.Cpu()).LessIdle(idle, loadSeconds);
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpuBefore;
        await stop.CancelAsync();
        await Task.WhenAll(streams);

        var delays = new List<double>();
        var missing = 0;
        foreach (var stream in arrivals)
        {
            var seen = stream.Where(a => started.ContainsKey((a.AgentId, a.Since))).ToList();
            missing += started.Count - seen.Select(a => (a.AgentId, a.Since)).Distinct().Count();
            delays.AddRange(seen.Select(a => Stopwatch.GetElapsedTime(started[(a.AgentId, a.Since)], a.At).TotalMilliseconds));
        }
        var delay = Latency.From("state change to event", delays);

        Console.WriteLine();
        Console.WriteLine($"Crm.Bench monitor: {agentCount:N0} agents, {queueCount} queues, {started.Count:N0} state changes in {sendSeconds:F1} s " +
            $"({started.Count / sendSeconds:F0}/s, {failures} refused), {streamCount} supervisor streams, {Environment.ProcessorCount} cores");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(healthIdle.Row(healthIdle));
        Console.WriteLine(monitorIdle.Row(healthIdle));
        Console.WriteLine(healthLoad.Row(healthLoad));
        Console.WriteLine(monitorLoad.Row(healthLoad));
        Console.WriteLine(delay.Row(healthLoad));
        Console.WriteLine($"events expected on the streams: {started.Count * streamCount:N0}; arrived: {delays.Count:N0}; missing: {missing:N0}");
        Console.WriteLine($"app CPU over the {loadSeconds:F1} s from the first change (less its idle {idle.App.TotalMilliseconds:F0} ms/s): " +
            $"{appCpu.App.TotalSeconds:F2} s, {appCpu.App.TotalMicroseconds / Math.Max(1, delays.Count):F1} µs per delivery; " +
            $"the bench's own readers and senders: {benchCpu.TotalSeconds:F2} s on the same cores");
        Console.WriteLine($"app memory (resident): {Mib(memoryBefore.Now)} before the streams, {Mib(memoryConnected.Now)} with {streamCount:N0} streams " +
            $"connected, {Mib(memoryAfter.Now)} after the load, {Mib(memoryAfter.Peak)} at most; {Machine.Describe()}");
    }

    /// <summary>State changes made before the measured ones (not counted).</summary>
    private const int Warmup = 20;

    private static async Task SetStateAsync(HttpClient control, long agentId, string[] states, int slot)
    {
        var to = Toggle(states, slot);
        (await control.PutAsJsonAsync($"/api/agents/{agentId}/state", new SetAgentStateBySupervisor { State = to })).EnsureSuccessStatusCode();
    }

    /// <summary>The state an agent is set to next: Available and On Break in turn.</summary>
    private static string Toggle(string[] states, int slot) => states[slot] = states[slot] == "Available" ? "OnBreak" : "Available";

    private static string Mib(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MiB";

    /// <summary>1,000 agents (no password: nobody signs in as them), each a member of three of the queues.</summary>
    private static List<long> Seed(string dbPath, int agents, int queues)
    {
        using var c = new SqliteConnection($"Data Source={dbPath}");
        c.Open();
        c.Execute("PRAGMA busy_timeout = 10000");
        using var tx = c.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var q = 1; q <= queues; q++) c.Execute("INSERT INTO queues (name) VALUES (@name)", new { name = $"Bench queue {q:000}" }, tx);
        var queueIds = c.Query<long>("SELECT id FROM queues WHERE name LIKE 'Bench queue %' ORDER BY id", transaction: tx).ToList();
        var ids = new List<long>(agents);
        for (var i = 1; i <= agents; i++)
        {
            var id = c.ExecuteScalar<long>("""
                INSERT INTO users (user_name, normalized_name, display_name, password_hash, created_at)
                VALUES (@name, upper(@name), @display, '-', @now) RETURNING id
                """, new { name = $"mon{i}", display = $"Monitor Agent {i:0000}", now }, tx);
            c.Execute("INSERT INTO user_roles (user_id, role) VALUES (@id, 'Agent')", new { id }, tx);
            c.Execute("INSERT INTO agent_profiles (user_id, capacity, can_reject) VALUES (@id, @capacity, 1)", new { id, capacity = 1 + i % 3 }, tx);
            foreach (var q in new[] { i, i + queues / 3, i + 2 * queues / 3 }.Select(k => queueIds[k % queueIds.Count]).Distinct())
                c.Execute("INSERT INTO queue_members (queue_id, user_id) VALUES (@q, @id)", new { q, id }, tx);
            ids.Add(id);
        }
        tx.Commit();
        return ids;
    }

    private static readonly byte[] EventLine = Encoding.UTF8.GetBytes("event: "), DataLine = Encoding.UTF8.GetBytes("data: "),
        AgentStateName = Encoding.UTF8.GetBytes(AgentStateChanged.Name);

    /// <summary>
    /// A supervisor's stream: notes when each agent-state event arrives. It reads the bytes as they come and parses only the two
    /// numbers it needs: ten thousand of these share the server's two cores, so a reader that decodes strings and builds a JSON
    /// document per line would measure the bench more than the server.
    /// </summary>
    private static async Task ListenAsync(HttpClient supervisor, List<(long, long, long)> arrivals, CancellationToken ct)
    {
        try
        {
            await using var stream = await supervisor.GetStreamAsync("/api/events", ct);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096));
            var agentState = false;
            while (!ct.IsCancellationRequested)
            {
                var read = await reader.ReadAsync(ct);
                var buffer = read.Buffer;
                while (buffer.PositionOf((byte)'\n') is { } end)
                {
                    var line = buffer.Slice(0, end);
                    var bytes = line.IsSingleSegment ? line.FirstSpan : BuffersExtensions.ToArray(line);
                    if (bytes.StartsWith(EventLine)) agentState = bytes[EventLine.Length..].SequenceEqual(AgentStateName);
                    else if (agentState && bytes.StartsWith(DataLine))
                        arrivals.Add(Parse(bytes[DataLine.Length..], Stopwatch.GetTimestamp()));
                    buffer = buffer.Slice(buffer.GetPosition(1, end));
                }
                reader.AdvanceTo(buffer.Start, read.Buffer.End);
                if (read.IsCompleted) break;
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        catch (HttpRequestException) { }
    }

    /// <summary>The agentId and since of an agent-state event's data, and when it arrived.</summary>
    private static (long AgentId, long Since, long At) Parse(ReadOnlySpan<byte> json, long at)
    {
        var (agentId, since) = (0L, 0L);
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            if (reader.ValueTextEquals("agentId"u8)) { reader.Read(); agentId = reader.GetInt64(); }
            else if (reader.ValueTextEquals("since"u8)) { reader.Read(); since = reader.GetInt64(); }
        }
        return (agentId, since, at);
    }

    /// <summary>One request after another until the load is over.</summary>
    private static async Task ProbeAsync(HttpClient client, string url, Latency latency, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var at = Stopwatch.GetTimestamp();
            (await client.GetAsync(url, CancellationToken.None)).EnsureSuccessStatusCode();
            latency.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
        }
    }
}

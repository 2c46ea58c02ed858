using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crm.Bench;

/// <summary>
/// `reports`: a year of history (1,000,000 conversations in three queues on four channels, 50 agents with their state intervals,
/// post processing, first replies, wrap-ups and transfers) written straight into the real Crm.Web's SQLite file; then every
/// GET /api/reports/... for a day, a week (by hour), 30 days and the whole year (by day), beside the same server's /healthz.
/// </summary>
public static class ReportsBench
{
    private const long Second = 1000, Day = 86_400_000;
    private static readonly string[] Channels = ["webchat", "sms", "whatsapp", "messenger"];

    public static async Task RunAsync(string[] args)
    {
        var conversations = RouteBench.Arg(args, 0, 1_000_000);
        var samples = RouteBench.Arg(args, 1, 20);
        var settings = new Dictionary<string, string>
        {
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "100", ["Crm:Seed:Password"] = "bench-password",
        };
        using var app = await AppUnderTest.StartAsync(settings);
        var yearStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        Seed(app.CrmDbPath, conversations, yearStart);
        Console.WriteLine($"Seeded {conversations:N0} conversations over 365 days in {clock.Elapsed.TotalSeconds:F0} s");
        // The history went in behind the app's back, as from an older version: the app's own rebuild rolls it up.
        clock.Restart();
        Console.Write(await app.RunCommandAsync(settings, "--rebuild-report-rollup"));
        Console.WriteLine($"Rolled up by Crm.Web --rebuild-report-rollup in {clock.Elapsed.TotalSeconds:F0} s");
        using var supervisor = await RouteBench.SignInAsync(app, "supervisor", 4);

        var baseline = new Latency("baseline: /healthz");
        await baseline.MeasureAsync(2000, async _ => (await supervisor.GetAsync("/healthz")).EnsureSuccessStatusCode());
        var windows = new (string Name, string Query, int Samples)[]
        {
            ("1 day by hour", "from=2026-06-15&to=2026-06-15&tz=UTC&groupBy=hour", samples),
            ("7 days by hour", "from=2026-06-15&to=2026-06-21&tz=UTC&groupBy=hour", samples),
            ("30 days by day", "from=2026-06-01&to=2026-06-30&tz=UTC&groupBy=day", samples),
            ("365 days by day", "from=2026-01-01&to=2026-12-31&tz=UTC&groupBy=day", Math.Max(3, samples / 4)),
        };
        var rows = new List<Latency>();
        foreach (var (name, query, count) in windows)
            foreach (var report in new[] { "volume", "speed", "wrapup", "agents", "service-level", "conversations" })
            {
                var latency = new Latency($"{report}, {name}");
                var url = $"/api/reports/{report}?{query}{(report == "conversations" ? "&measure=abandoned" : "")}";
                await latency.MeasureAsync(count, async _ => (await supervisor.GetAsync(url)).EnsureSuccessStatusCode(), warmup: 1);
                Console.WriteLine(latency.Row(baseline, 1000));
                rows.Add(latency);
            }

        Console.WriteLine();
        Console.WriteLine($"Crm.Bench reports: {conversations:N0} conversations over 2026, 50 agents, {Environment.ProcessorCount} cores");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(baseline.Row(baseline));
        foreach (var row in rows) Console.WriteLine(row.Row(baseline, 1000));
    }

    /// <summary>One prepared statement per table in one transaction: 8% abandoned, 5% transferred, every answered chat wrapped up.</summary>
    private static void Seed(string dbPath, int count, long yearStart)
    {
        using var c = new SqliteConnection($"Data Source={dbPath}");
        c.Open();
        c.Execute("PRAGMA busy_timeout = 10000");
        using var tx = c.BeginTransaction();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var queues = c.Query<long>("SELECT id FROM queues ORDER BY id", transaction: tx).ToArray();
        var reasons = c.Query<long>("SELECT id FROM wrapup_reasons ORDER BY id", transaction: tx).ToArray();
        var agents = new long[50];
        for (var i = 0; i < agents.Length; i++)
        {
            agents[i] = c.ExecuteScalar<long>("""
                INSERT INTO users (user_name, normalized_name, display_name, password_hash, created_at)
                VALUES (@name, upper(@name), @display, '-', @now) RETURNING id
                """, new { name = $"rep{i}", display = $"Report Agent {i:00}", now }, tx);
            c.Execute("INSERT INTO user_roles (user_id, role) VALUES (@id, 'Agent')", new { id = agents[i] }, tx);
            foreach (var q in queues) c.Execute("INSERT INTO queue_members (queue_id, user_id) VALUES (@q, @id)", new { q, id = agents[i] }, tx);
            for (var d = 0; d < 365; d++)
            {
                var day = yearStart + d * Day;
                foreach (var (state, from, to) in new[] { ("Available", 8, 12), ("OnBreak", 12, 13), ("Available", 13, 17) })
                    c.Execute("""
                        INSERT INTO agent_state_history (user_id, state, cause, started_at, ended_at) VALUES (@id, @state, 'Agent', @from, @to)
                        """, new { id = agents[i], state, from = day + from * 3_600_000L, to = day + to * 3_600_000L }, tx);
            }
        }
        using var conversation = Prepare(c, tx, """
            INSERT INTO conversations (channel, address, queue_id, state, waiting_since, created_at, ended_at, closed_at)
            VALUES ($channel, $address, $queue, 'Closed', $created, $created, $ended, $ended) RETURNING id
            """, "$channel", "$address", "$queue", "$created", "$ended");
        using var part = Prepare(c, tx, """
            INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at, accepted_at, ended_at, wrapped_up_at)
            VALUES ($conversation, $agent, $kind, 'Done', $accepted, $accepted, $ended, $wrapped) RETURNING id
            """, "$conversation", "$agent", "$kind", "$accepted", "$ended", "$wrapped");
        using var message = Prepare(c, tx, """
            INSERT INTO messages (conversation_id, channel, direction, author_kind, author_id, text, status, sent_at, created_at)
            VALUES ($conversation, $channel, $direction, $kind, $author, 'Bench message', 'sent', $at, $at)
            """, "$conversation", "$channel", "$direction", "$kind", "$author", "$at");
        using var reason = Prepare(c, tx, "INSERT INTO participation_wrapup_reasons (participation_id, reason_id) VALUES ($part, $reason)", "$part", "$reason");
        using var postProcessing = Prepare(c, tx, """
            INSERT INTO agent_state_history (user_id, state, cause, started_at, ended_at) VALUES ($agent, 'PostProcessing', 'ChatEnded', $from, $to)
            """, "$agent", "$from", "$to");
        var spacing = 365 * Day / count;
        for (var i = 0; i < count; i++)
        {
            var created = yearStart + i * spacing;
            var channel = Channels[i % Channels.Length];
            var abandoned = i % 100 < 8;
            var wait = (5 + i % 115) * Second;
            var handle = (60 + i * 7 % 840) * Second;
            var ended = abandoned ? created + 60 * Second : created + wait + handle;
            var id = (long)Run(conversation, channel, $"bench-{i}", queues[i % queues.Length], created, ended)!;
            Run(message, id, channel, "in", "customer", null, created);
            if (abandoned) continue;
            var agent = agents[i % agents.Length];
            var accepted = created + wait;
            var transfer = i % 100 >= 95;
            var firstEnd = transfer ? accepted + handle / 2 : ended;
            AgentPart(agent, "route", accepted, firstEnd);
            Run(message, id, channel, "out", "agent", agent, accepted + (5 + i % 55) * Second);
            if (transfer) AgentPart(agents[(i + 1) % agents.Length], "transfer", firstEnd + 10 * Second, ended);

            void AgentPart(long who, string kind, long from, long to)
            {
                var partId = (long)Run(part, id, who, kind, from, to, to + 20 * Second)!;
                Run(reason, partId, reasons[(i + (int)who) % reasons.Length]);
                Run(postProcessing, who, to, to + 20 * Second);
            }
        }
        tx.Commit();
        // Fold the seed into the database file, as the app's checkpointer does with every change in normal use.
        c.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private static SqliteCommand Prepare(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static object? Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        return command.ExecuteScalar();
    }
}

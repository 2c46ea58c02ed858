using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Crm.Bench;

/// <summary>
/// `playback`: 1,000,000 messages (50,000 finished chats of 20 messages over 90 days) stored into the real app's SQLite file, then
/// GET /api/playback searched by message text (a word in 1% of messages, a word in one chat, a word with queue and dates,
/// a later page), each beside the same server's GET /healthz in the same run. Target: search p99 under 200 ms.
/// </summary>
public static class PlaybackBench
{
    private static readonly string[] Words =
    [
        "hello", "thanks", "order", "please", "account", "delivery", "address", "payment", "card", "help", "today", "tomorrow",
        "number", "email", "password", "reset", "app", "update", "problem", "working", "check", "moment", "sorry", "great",
        "shipping", "invoice", "charged", "twice", "cancel", "subscription", "plan", "upgrade", "phone", "screen", "battery",
        "store", "return", "label", "tracking", "late", "week", "days", "agent", "manager", "confirm", "details", "yes", "no",
    ];

    public static async Task RunAsync(string[] args)
    {
        var messages = RouteBench.Arg(args, 0, 1_000_000);
        var samples = RouteBench.Arg(args, 1, 200);
        using var app = await AppUnderTest.StartAsync(new Dictionary<string, string>
        {
            ["Crm:Seed:Demo"] = "true", ["Crm:Seed:Customers"] = "1000", ["Crm:Seed:Password"] = "bench-password",
            ["Crm:Auth:LoginPermitsPerMinute"] = "100000",
        });
        var clock = Stopwatch.StartNew();
        var (billing, from, to) = Seed(app.CrmDbPath, messages);
        Console.WriteLine($"Stored {messages:N0} messages (message_search trigram index kept by its triggers) in {clock.Elapsed.TotalSeconds:F0} s.");
        using var supervisor = await RouteBench.SignInAsync(app, "supervisor", 4);

        var health = new Latency("baseline: /healthz");
        await health.MeasureAsync(2000, async _ => (await supervisor.GetAsync("/healthz")).EnsureSuccessStatusCode());
        var runs = new (string Name, Func<int, string> Url)[]
        {
            ("q: word in 1% (refund)", _ => "/api/playback?q=refund"),
            ("q: word in one chat", i => $"/api/playback?q=zq{i % 500:000}x"),
            ("q + queue + dates", _ => $"/api/playback?q=refund&queue={billing}&from={from}&to={to}"),
            ("q: page 5", _ => "/api/playback?q=refund&page=5"),
            ("list, no q", _ => "/api/playback"),
        };
        var results = new List<Latency>();
        foreach (var (name, url) in runs)
        {
            var latency = new Latency(name);
            await latency.MeasureAsync(samples, async i => (await supervisor.GetAsync(url(i))).EnsureSuccessStatusCode(), warmup: 20);
            results.Add(latency);
        }

        Console.WriteLine();
        Console.WriteLine($"Crm.Bench playback: {messages:N0} messages in {messages / 20:N0} conversations, {Environment.ProcessorCount} cores");
        Console.WriteLine(Latency.Header);
        Console.WriteLine(health.Row(health));
        foreach (var r in results) Console.WriteLine(r.Row(health, r.Name.StartsWith("q", StringComparison.Ordinal) ? 200 : null));
    }

    /// <summary>Chats of 20 messages, customer and agent in turn; "refund" in about 1% of messages, "zqNNNx" in exactly one chat each.</summary>
    private static (long Billing, string From, string To) Seed(string dbPath, int messageCount)
    {
        using var c = new SqliteConnection($"Data Source={dbPath}");
        c.Open();
        c.Execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF");
        var customers = c.Query<long>("SELECT id FROM customers").ToArray();
        var queues = c.Query<long>("SELECT id FROM queues").ToArray();
        var billing = c.ExecuteScalar<long>("SELECT id FROM queues WHERE name = 'Billing'");
        var agents = c.Query<(long Id, string Name)>(
            "SELECT u.id, u.display_name FROM users u JOIN user_roles r ON r.user_id = u.id WHERE r.role = 'Agent'").ToArray();
        var reason = c.ExecuteScalar<long>("SELECT MIN(id) FROM wrapup_reasons");
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var span = 90L * 24 * 3600 * 1000;
        using var tx = c.BeginTransaction();
        using var conversation = Command(c, tx, """
            INSERT INTO conversations (channel, customer_id, address, queue_id, state, waiting_since, created_at, ended_at, closed_at, last_message_at)
            VALUES ('webchat', $customer, $address, $queue, 'Closed', $at, $at, $ended, $ended, $ended) RETURNING id
            """, "$customer", "$address", "$queue", "$at", "$ended");
        using var participation = Command(c, tx, """
            INSERT INTO participations (conversation_id, agent_id, kind, state, offered_at, accepted_at, ended_at, wrapped_up_at)
            VALUES ($conversation, $agent, 'route', 'Done', $at, $at, $ended, $ended) RETURNING id
            """, "$conversation", "$agent", "$at", "$ended");
        using var wrapup = Command(c, tx, "INSERT INTO participation_wrapup_reasons (participation_id, reason_id) VALUES ($part, $reason)", "$part", "$reason");
        using var message = Command(c, tx, """
            INSERT INTO messages (conversation_id, channel, direction, author_kind, author_id, author_name, text, status, sent_at, created_at)
            VALUES ($conversation, 'webchat', $direction, $kind, $author, $name, $text, 'sent', $at, $at)
            """, "$conversation", "$direction", "$kind", "$author", "$name", "$text", "$at");
        var chats = messageCount / 20;
        for (var chat = 0; chat < chats; chat++)
        {
            var start = now - span + (long)(random.NextDouble() * span);
            var agent = agents[random.Next(agents.Length)];
            var id = (long)Run(conversation, customers[random.Next(customers.Length)], Guid.NewGuid().ToString("N"), queues[random.Next(queues.Length)],
                start, start + 20 * 15_000)!;
            var part = (long)Run(participation, id, agent.Id, start, start + 20 * 15_000)!;
            Run(wrapup, part, reason);
            for (var m = 0; m < 20; m++)
            {
                var customer = m % 2 == 0;
                var text = Sentence(random, chat < 500 && m == 0 ? $"zq{chat:000}x" : null);
                Run(message, id, customer ? "in" : "out", customer ? "customer" : "agent", customer ? DBNull.Value : agent.Id,
                    customer ? DBNull.Value : agent.Name, text, start + m * 15_000);
            }
        }
        tx.Commit();
        var from = DateTimeOffset.FromUnixTimeMilliseconds(now - span / 2).ToString("yyyy-MM-dd");
        var to = DateTimeOffset.FromUnixTimeMilliseconds(now - span / 3).ToString("yyyy-MM-dd");
        return (billing, from, to);
    }

    private static string Sentence(Random random, string? planted)
    {
        var words = Enumerable.Range(0, random.Next(6, 15)).Select(_ => Words[random.Next(Words.Length)]).ToList();
        if (random.Next(100) == 0) words.Insert(random.Next(words.Count), "refund");
        if (planted is not null) words.Insert(random.Next(words.Count), planted);
        return string.Join(' ', words);
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static object? Run(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        return command.ExecuteScalar();
    }
}

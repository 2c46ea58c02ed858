using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Crm.ServiceInterface.EntryFlow;

public sealed class EntryFlowOptions
{
    /// <summary>How long the external bot has to answer one message before the conversation is handed to the queue.</summary>
    public int BotTimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// An external bot before the queue: each customer message is posted to the entry point's URL (body signed with HMAC-SHA256,
/// X-Crm-Signature-256: sha256=hex) and the bot answers {reply?, handoff?: {queue?}}. Runs as a persistent job after the
/// message is stored, never inside the webhook; a bot that fails, times out or answers nonsense hands off at once.
/// </summary>
public sealed class ExternalBot(CrmDb db, RoutingStore store, EntryFlowEngine flow, IHttpClientFactory http, ILogger<ExternalBot> logger)
{
    public const string HttpClientName = "entry-bot", SignatureHeader = "X-Crm-Signature-256";

    public static string Sign(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Posts every message the bot has not seen yet, one at a time, and applies each answer.</summary>
    public async Task RunAsync(long conversationId, CancellationToken ct = default)
    {
        while (await NextAsync(conversationId, ct) is { } turn)
        {
            var (answer, failure) = await AskAsync(turn.Entry, turn.Request, ct);
            var more = await store.WriteAsync(async change =>
            {
                var conversation = await change.ConversationAsync(conversationId);
                var state = await EntryFlowEngine.StateAsync(change, conversationId);
                // The bot goes silent the moment the chat left it (handed off, accepted, ended): a late answer is dropped.
                if (conversation.State != ConversationState.Queued || state.Hold != EntryHold.Bot || state.BotSeenId >= turn.Request.MessageId) return false;
                state.BotTurns++;
                await change.Connection.ExecuteAsync("UPDATE conversations SET bot_turns = @BotTurns, bot_seen_id = @MessageId WHERE id = @conversationId",
                    new { state.BotTurns, turn.Request.MessageId, conversationId }, change.Tx);
                if (failure is not null)
                {
                    await flow.HandOffAsync(change, conversation, turn.Entry, state, null, $"the bot failed: {failure}");
                    return false;
                }
                if (!string.IsNullOrWhiteSpace(answer!.Reply))
                    await EntryFlowEngine.SendAutomaticAsync(change, conversation, turn.Entry, state, EntryFlowEngine.BotAuthor, answer.Reply);
                if (answer.Handoff is not null)
                    await flow.HandOffAsync(change, conversation, turn.Entry, state, answer.Handoff.Queue, "the bot handed off");
                else if (state.BotTurns >= turn.Entry.BotMaxMessages)
                    await flow.HandOffAsync(change, conversation, turn.Entry, state, null, $"after {state.BotTurns} messages");
                else return true;
                return false;
            }, ct);
            if (!more) return;
        }
    }

    private async Task<(EntryPointRow Entry, BotRequest Request)?> NextAsync(long conversationId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var conversation = await c.QuerySingleOrDefaultAsync<(string Channel, string Address, long? CustomerId, string State, string? Hold,
            long? EntryPointId, long BotSeenId)>(
            "SELECT channel, address, customer_id, state, hold, entry_point_id, bot_seen_id FROM conversations WHERE id = @conversationId",
            new { conversationId });
        if (conversation is not { State: ConversationState.Queued, Hold: EntryHold.Bot, EntryPointId: { } entryPointId }) return null;
        if ((await flow.SettingsAsync(c)).EntryPoint(entryPointId) is not { Bot: BotKind.External } entry) return null;
        var message = await c.QueryFirstOrDefaultAsync<(long Id, string Text, long SentAt)?>(
            "SELECT id, text, sent_at FROM messages WHERE conversation_id = @conversationId AND direction = 'in' AND id > @BotSeenId ORDER BY id LIMIT 1",
            new { conversationId, conversation.BotSeenId });
        return message is { } m
            ? (entry, new BotRequest(conversationId, m.Id, conversation.Channel, conversation.Address, conversation.CustomerId, m.Text, m.SentAt))
            : null;
    }

    private async Task<(BotAnswer? Answer, string? Failure)> AskAsync(EntryPointRow entry, BotRequest request, CancellationToken ct)
    {
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(request, BusinessHoursRow.Json);
            using var post = new HttpRequestMessage(HttpMethod.Post, entry.BotUrl) { Content = new ByteArrayContent(body) };
            post.Content.Headers.ContentType = new("application/json");
            post.Headers.Add(SignatureHeader, Sign(entry.BotSecret ?? "", body));
            using var response = await http.CreateClient(HttpClientName).SendAsync(post, ct);
            if (!response.IsSuccessStatusCode) return (null, $"it answered {(int)response.StatusCode}");
            var answer = await response.Content.ReadFromJsonAsync<BotAnswer>(BusinessHoursRow.Json, ct);
            return answer is null ? (null, "it answered nothing") : (answer, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException or InvalidOperationException
                                       || ex is TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("The external bot of entry point {Id} failed: {Error}", entry.Id, ex.Message);
            return (null, ex is TaskCanceledException ? "it did not answer in time" : "it could not be reached or answered something unreadable");
        }
    }
}

/// <summary>The entry flow's persistent jobs: one external-bot run per conversation at a time.</summary>
public sealed class EntryFlowTimers(ISchedulerFactory schedulers)
{
    private const string Group = "entry-flow";

    public async Task ScheduleExternalBotAsync(long conversationId, long at)
    {
        var scheduler = await schedulers.GetScheduler();
        var name = $"bot-{conversationId}";
        var job = JobBuilder.Create<ExternalBotJob>().WithIdentity(name, Group).UsingJobData(ExternalBotJob.ConversationKey, conversationId).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(name, Group).StartAt(DateTimeOffset.FromUnixTimeMilliseconds(at))
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow)).Build();
        await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing);
    }

    /// <summary>Re-arms a bot run whose job is gone (the process died between the commit and the scheduling).</summary>
    public async Task EnsureExternalBotAsync(long conversationId, long at)
    {
        var scheduler = await schedulers.GetScheduler();
        if (!await scheduler.Exists(new JobKey($"bot-{conversationId}", Group))) await ScheduleExternalBotAsync(conversationId, at);
    }
}

[DisallowConcurrentExecution]
public sealed class ExternalBotJob(ExternalBot bot) : IJob
{
    public const string ConversationKey = "conversationId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct) =>
        await bot.RunAsync(context.MergedJobDataMap.GetLong(ConversationKey), ct);
}

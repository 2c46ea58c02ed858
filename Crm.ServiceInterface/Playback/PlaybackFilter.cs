using System.Globalization;
using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Supervision;

namespace Crm.ServiceInterface.Playback;

/// <summary>The playback list's filters, read from the query string with every problem named at once.</summary>
public sealed record PlaybackFilter(long? Queue, long? Agent, string? Channel, TimeWindow Window, string? Q, long? CustomerId, string? CustomerName,
    long? WrapUp, int Page)
{
    public const int PageSize = 50, MaxSearchLength = 200;

    /// <summary>Trigram indexes cannot match fewer than three characters: shorter searches are refused in words, never scanned.</summary>
    public const int MinSearchLength = 3;

    public static PlaybackFilter Parse(string? queue, string? agent, string? channel, string? from, string? to, string? q, string? customer,
        string? wrapup, string? page, TimeProvider time)
    {
        var validation = new Validation();
        var window = TimeWindow.Parse(from, to, 0, long.MaxValue, time, validation);
        var queueId = Id(queue, "queue", "Pick the queue by its number (id).", validation);
        var agentId = Id(agent, "agent", "Pick the agent by their number (id).", validation);
        var wrapupId = Id(wrapup, "wrapup", "Pick the wrap-up reason by its number (id).", validation);
        channel = string.IsNullOrWhiteSpace(channel) ? null : channel.Trim().ToLowerInvariant();
        validation.When(channel is not null && ChannelCatalog.ReadKind(channel) is null, "channel",
            $"'{channel}' is not a channel; use one of {string.Join(", ", ChannelCatalog.All.Select(c => c.Name).Union(ChannelCatalog.EntryKinds))}.");
        q = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        validation.MaxLength(q, MaxSearchLength, "q", "The search text");
        validation.When(q is not null && q.Length < MinSearchLength, "q",
            $"Search for at least {MinSearchLength} characters of the messages' text.");
        customer = string.IsNullOrWhiteSpace(customer) ? null : customer.Trim();
        validation.MaxLength(customer, MaxSearchLength, "customer", "The customer's name");
        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
            validation.Add("page", "The page is a whole number from 1.");
        validation.ThrowIfInvalid();
        var customerId = customer is not null && long.TryParse(customer, NumberStyles.None, CultureInfo.InvariantCulture, out var cid) ? cid : (long?)null;
        return new PlaybackFilter(queueId, agentId, channel, window, q, customerId, customerId is null ? customer : null, wrapupId, pageNumber);
    }

    private static long? Id(string? text, string field, string message, Validation validation)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0) return id;
        validation.Add(field, message);
        return null;
    }

    /// <summary>
    /// The WHERE clause over conversations <c>v</c> (customers <c>cu</c>) and its parameters, for the list, the count and the CSV; with
    /// <c>q</c>, the WITH clause of the conversations whose messages match, found once for the page and its count.
    /// </summary>
    public (string With, string Where, DynamicParameters Parameters) ToSql(SqlDialect dialect)
    {
        var with = "";
        var where = new List<string> { "v.created_at >= @From", "v.created_at < @To" };
        var p = new DynamicParameters(new { Window.From, Window.To });
        if (Queue is { } queue) { where.Add("v.queue_id = @queue"); p.Add("queue", queue); }
        if (Channel is { } kind && ChannelCatalog.ReadKind(kind) is var (channel, onlyPublic))
        {
            // A channel, or one of its entry-point kinds: X mentions are conversations on x marked public ("x-public").
            where.Add(onlyPublic switch
            {
                true => "v.channel = @channel AND v.public = 1",
                false => "v.channel = @channel AND v.public = 0",
                null => "v.channel = @channel",
            });
            p.Add("channel", channel.Name);
        }
        if (Agent is { } agent)
        {
            where.Add("EXISTS (SELECT 1 FROM participations pa WHERE pa.conversation_id = v.id AND pa.agent_id = @agent AND pa.accepted_at IS NOT NULL)");
            p.Add("agent", agent);
        }
        if (WrapUp is { } wrapup)
        {
            where.Add("""
                EXISTS (SELECT 1 FROM participations pw JOIN participation_wrapup_reasons r ON r.participation_id = pw.id
                        WHERE pw.conversation_id = v.id AND r.reason_id = @wrapup)
                """);
            p.Add("wrapup", wrapup);
        }
        if (CustomerId is { } customerId) { where.Add("v.customer_id = @customerId"); p.Add("customerId", customerId); }
        if (CustomerName is { } name)
        {
            where.Add("lower(cu.name) LIKE @customerPattern ESCAPE '\\'");
            p.Add("customerPattern", SqlLike.Contains(name));
        }
        if (Q is { } q)
        {
            with = $"""
                WITH hits AS MATERIALIZED (
                    SELECT DISTINCT m.conversation_id AS id FROM messages m WHERE {dialect.MessageTextContainsSql} AND m.author_kind <> 'system')
                """;
            where.Add("v.id IN (SELECT id FROM hits)");
            p.Add("messageSearch", dialect.MessageSearchValue(q));
        }
        return (with, string.Join(" AND ", where), p);
    }
}

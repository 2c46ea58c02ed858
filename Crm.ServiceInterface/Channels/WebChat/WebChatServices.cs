using System.Security.Cryptography;
using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.Channels.WebChat;

public static class WebChatChannel
{
    public const string Name = ChannelName.WebChat;
}

/// <summary>The built-in web chat: a visitor starts a session with a name (and email), then chats; agents answer from the desktop.</summary>
public sealed class WebChatServices(CrmDb db, CustomersServices customers, InboundMessages inbound, ConversationsServices conversations, TimeProvider time)
{
    public async Task<WebChatSession> StartAsync(StartWebChat request, CancellationToken ct = default)
    {
        var name = request.Name.Trim();
        var visitorId = "v-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        // Known by email when given (one customer across channels), else by this visitor's id.
        var customer = string.IsNullOrWhiteSpace(request.Email)
            ? await customers.ResolveOrCreateAsync(IdentityAddress.WebChat, visitorId, name, ct: ct)
            : await customers.ResolveOrCreateAsync(IdentityAddress.Email, request.Email, name, ct: ct);
        var sessionId = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await db.InTransactionAsync((c, tx) => c.ExecuteAsync("""
            INSERT INTO webchat_sessions (id, visitor_id, customer_id, name, email, source, customer_created, created_at)
            VALUES (@sessionId, @visitorId, @Id, @name, @email, @source, @Created, @now)
            """,
            new { sessionId, visitorId, customer.Id, name, email = request.Email?.Trim(), source = request.Source, customer.Created, now = time.NowMs() },
            tx), ct);
        return new WebChatSession(sessionId, name);
    }

    public async Task<WebChatMessage> SendAsync(string sessionId, SendWebChatMessage request, CancellationToken ct = default)
    {
        var text = PlainText.Check(request.Text, "text"); // the visitor is told what is wrong; a platform's message is never refused
        var session = await SessionAsync(sessionId, ct);
        // The time stored is the one answered: an automatic reply stored with it must never sort before the visitor's line.
        var sentAt = time.NowMs();
        var result = await inbound.ReceiveAsync(new InboundMessage(WebChatChannel.Name, sessionId, session.CustomerId, session.CustomerCreated, text,
            SentAt: sentAt, Source: session.Source ?? "Web chat"), ct);
        return new WebChatMessage(result.MessageId ?? 0, WebChatKind.Customer, session.Name, text, sentAt);
    }

    /// <summary>The whole thread of this session, as the customer sees it (agent names on replies, notices).</summary>
    public async Task<IReadOnlyList<WebChatMessage>> HistoryAsync(string sessionId, CancellationToken ct = default)
    {
        await SessionAsync(sessionId, ct);
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long Id, string Direction, string AuthorKind, string? AuthorName, string Text, long SentAt)>($"""
            SELECT m.id, m.direction, m.author_kind, m.author_name, m.text, m.sent_at FROM messages m JOIN conversations v ON v.id = m.conversation_id
            WHERE v.channel = '{WebChatChannel.Name}' AND v.address = @sessionId ORDER BY m.sent_at, m.id
            """, new { sessionId })).Select(m => ToCustomerView(m.Id, m.Direction, m.AuthorKind, m.AuthorName, m.Text, m.SentAt)).ToList();
    }

    /// <summary>An automatic line (author kind bot) is never shown as a person answering.</summary>
    public static WebChatMessage ToCustomerView(long id, string direction, string authorKind, string? authorName, string text, long sentAt) =>
        (direction, authorKind) switch
        {
            ("in", _) => new WebChatMessage(id, WebChatKind.Customer, null, text, sentAt),
            ("out", "bot") => new WebChatMessage(id, WebChatKind.Bot, authorName, text, sentAt),
            ("out", _) => new WebChatMessage(id, WebChatKind.Agent, authorName, text, sentAt),
            _ => new WebChatMessage(id, WebChatKind.Notice, null, text, sentAt),
        };

    /// <summary>The visitor ends the chat: the agent is told, or an unanswered chat is withdrawn from the queue.</summary>
    public async Task EndAsync(string sessionId, CancellationToken ct = default)
    {
        var session = await SessionAsync(sessionId, ct);
        await conversations.CustomerLeftAsync(WebChatChannel.Name, sessionId, session.Name, ct);
    }

    public async Task EnsureSessionAsync(string sessionId, CancellationToken ct = default) => await SessionAsync(sessionId, ct);

    private async Task<SessionRow> SessionAsync(string sessionId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<SessionRow>(
            "SELECT customer_id AS CustomerId, name, source, customer_created AS CustomerCreated FROM webchat_sessions WHERE id = @sessionId",
            new { sessionId })
            ?? throw Problem.NotFound("This chat session does not exist; start a new chat.");
    }

    private sealed class SessionRow
    {
        public long CustomerId { get; set; }
        public string Name { get; set; } = "";
        public string? Source { get; set; }
        public bool CustomerCreated { get; set; }
    }
}

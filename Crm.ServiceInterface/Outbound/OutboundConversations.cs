using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Conversations;
using Crm.ServiceInterface.Customers;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Routing;

namespace Crm.ServiceInterface.Outbound;

/// <summary>
/// The business writes first: an agent from the customer's record or the desktop (the chat is theirs at once), or an integration by API key
/// (the customer found or created; the chat waits for the reply, then is routed like an inbound one). The channel's rules are checked
/// before anything is stored; the message goes through the outbox.
/// </summary>
public sealed class OutboundConversations(RoutingStore store, CrmDb db, ChannelRegistry channels, CustomerOptions customerOptions,
    ConversationsServices conversations, TimeProvider time)
{
    public const int MaxKeyLength = 200, MaxNameLength = 200, MaxTextLength = 4000;

    private bool HumanAgentTag => channels.Options.Messenger.HumanAgentTagEnabled;

    /// <summary>The channels the customer can be reached on now, each with what may go out (text, a template, nothing and why).</summary>
    public async Task<IReadOnlyList<OutboundChannelDto>> ChannelsForAsync(long customerId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var customer = await CustomersServices.LoadAsync(c, null, customerId) ?? throw Problem.NotFound($"There is no customer {customerId}.");
        var now = time.NowMs();
        var result = new List<OutboundChannelDto>();
        foreach (var channel in OutboundStarts.Channels)
        {
            if (OutboundStarts.AddressFor(channel, customer.Identities) is not { } address) continue;
            var window = await OutboundStarts.WindowAsync(c, null, channel, address, HumanAgentTag, now);
            result.Add(new OutboundChannelDto(channel, ChannelCatalog.Label(channel), address, IdentityAddress.Formatted(channel, address),
                window.TextAllowed || window.TemplateAllowed, !window.TextAllowed && window.TemplateAllowed, window.ClosesAt,
                window.TextAllowed || window.TemplateAllowed ? null : window.TextRefusal));
        }
        return result;
    }

    /// <summary>"New conversation": the agent's own chat at once, counting against their capacity, with the first message queued.</summary>
    public async Task<ConversationDto> StartAsync(long agentId, StartConversation request, CancellationToken ct = default)
    {
        var check = new Validation().When(request.CustomerId is null, "customerId", "Choose the customer to write to.");
        var channel = CheckChannel(check, request.Channel);
        CheckOneContent(check, request.Text, request.Template);
        check.ThrowIfInvalid();
        CustomerDto customer;
        await using (var c = await db.OpenAsync(ct))
            customer = await CustomersServices.LoadAsync(c, null, request.CustomerId!.Value)
                ?? throw Problem.NotFound($"There is no customer {request.CustomerId}.");
        var address = OutboundStarts.AddressFor(channel, customer.Identities)
            ?? throw Problem.Invalid("channel", $"{customer.Name} has no {(channel == ChannelName.Messenger ? "Messenger identity" : "phone number")} " +
                $"to reach on {ChannelCatalog.Label(channel)}; add it to their record first.");

        var id = await store.WriteAsync(async change =>
        {
            var agent = await change.AgentAsync(agentId);
            if (agent.State == AgentState.Offline)
                throw Problem.Conflict("You are Offline: go Available or On Break before you start a conversation.");
            var load = await change.LoadAsync(agentId);
            if (load >= agent.Capacity)
                throw Problem.Conflict($"You already hold {load} of your {agent.Capacity} chat{(agent.Capacity == 1 ? "" : "s")}: " +
                    "finish one before you start another.");
            await RefuseOpenAsync(change, channel, address, customer.Name, agentId);
            var content = await ContentAsync(change, channel, request.Text, request.Template);
            if (content.Template is null) conversations.CheckPlatformLimit(channel, agent.DisplayName, content.Text);
            await OutboundStarts.CheckAllowedAsync(change, channel, address, content, HumanAgentTag);
            var (conversation, _) = await OutboundStarts.OpenAsync(change, store.Options, ConversationStart.Agent, channel, address, customer.Id, false,
                agentId, agent.DisplayName, content);
            return conversation.Id;
        }, ct);
        return await conversations.GetAsync(id, agentId, null, ct);
    }

    /// <summary>
    /// POST /api/outbound: the customer by address (created when new), the conversation, the message, in one transaction. A retry with the
    /// same Idempotency-Key answers the first call's conversation and sends nothing again.
    /// </summary>
    public async Task<OutboundStarted> StartForIntegrationAsync(long userId, string? idempotencyKey, StartOutbound request, CancellationToken ct = default)
    {
        var check = new Validation();
        var channel = CheckChannel(check, request.Channel);
        check.Required(request.Address, "address", "Give the customer's address: a phone number for SMS and WhatsApp, a page-scoped id for Messenger.")
            .MaxLength(request.Name?.Trim(), MaxNameLength, "name", "The customer's name")
            .MaxLength(idempotencyKey, MaxKeyLength, "Idempotency-Key", "The Idempotency-Key header");
        CheckOneContent(check, request.Text, request.Template);
        var identity = channel.Length > 0 && !string.IsNullOrWhiteSpace(request.Address)
            ? check.Try(() => IdentityAddress.Normalize(channel, request.Address!, null, customerOptions.DefaultRegion, "address")) : null;
        check.ThrowIfInvalid();
        var address = channel == ChannelName.WhatsApp ? identity!.Address.TrimStart('+') : identity!.Address;
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim();
        var fingerprint = key is null ? null : Fingerprint(request);

        return await store.WriteAsync(async change =>
        {
            var c = change.Connection;
            if (key is not null && await c.QuerySingleOrDefaultAsync<(long ConversationId, long MessageId, long CustomerId, long Created, string? Hash)?>("""
                    SELECT conversation_id, message_id, customer_id, customer_created, request_hash FROM outbound_requests
                    WHERE user_id = @userId AND idempotency_key = @key
                    """, new { userId, key }, change.Tx) is { } seen)
            {
                // Rows stored before fingerprints have none: those are answered as a retry, as they were.
                if (seen.Hash is not null && seen.Hash != fingerprint)
                    throw new ProblemException(422, "Idempotency-Key reused", "This Idempotency-Key was already used for a different request: "
                        + "send a retry with exactly the same body, or use a new key for a new conversation.");
                var earlier = await change.ConversationAsync(seen.ConversationId);
                return new OutboundStarted(earlier.Id, seen.CustomerId, seen.Created == 1, seen.MessageId, earlier.Channel, earlier.Address, earlier.State,
                    Replayed: true);
            }
            var content = await ContentAsync(change, channel, request.Text, request.Template);
            var author = await c.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE id = @userId", new { userId }, change.Tx) ?? "Integration";
            if (content.Template is null) conversations.CheckPlatformLimit(channel, author, content.Text);
            await OutboundStarts.CheckAllowedAsync(change, channel, address, content, HumanAgentTag);

            var customerId = await CustomersServices.FindAsync(c, change.Tx, identity);
            var created = customerId is null;
            if (customerId is null)
            {
                var name = string.IsNullOrWhiteSpace(request.Name) ? CustomersServices.DisplayName(identity) : request.Name.Trim();
                customerId = await CustomerRows.InsertAsync(c, change.Tx, name, null, "{}", [identity], change.Now);
                await AuditLog.WriteAsync(c, change.Tx, userId, "customer", customerId.Value, "created",
                    $"Outbound {ChannelCatalog.Label(channel)} by integration: {identity.Kind} {identity.Address}", change.Now);
            }
            // The customer is already in a conversation on this channel: the message joins it rather than opening a second one.
            var open = await OpenConversationAsync(change, channel, address);
            ConversationRow conversation;
            MessageDto message;
            if (open is not null)
            {
                conversation = open;
                message = await OutboundStarts.AppendAsync(change, open, "bot", null, author, content);
            }
            else
                (conversation, message) = await OutboundStarts.OpenAsync(change, store.Options, ConversationStart.Integration, channel, address,
                    customerId.Value, created, userId, author, content);
            if (key is not null)
                await c.ExecuteAsync("""
                    INSERT INTO outbound_requests (user_id, idempotency_key, conversation_id, message_id, customer_id, customer_created, created_at,
                        request_hash)
                    VALUES (@userId, @key, @conversationId, @messageId, @customerId, @created, @Now, @fingerprint)
                    """, new { userId, key, conversationId = conversation.Id, messageId = message.Id, customerId, created = created ? 1 : 0, change.Now,
                        fingerprint },
                    change.Tx);
            return new OutboundStarted(conversation.Id, customerId.Value, created, message.Id, channel, address, conversation.State);
        }, ct);
    }

    /// <summary>A WhatsApp template in a chat the agent is in: how they write again once the 24-hour window has closed.</summary>
    public Task<MessageDto> SendTemplateAsync(long id, long agentId, TemplateMessage request, CancellationToken ct = default) =>
        store.WriteAsync(async change =>
        {
            var (conversation, _) = await ConversationsServices.InChatAsync(change, id, agentId);
            if (conversation.Channel != ChannelName.WhatsApp)
                throw Problem.Invalid("template", "Message templates are WhatsApp's; write a text on this channel.");
            var (send, text) = await WhatsAppTemplatesServices.ResolveAsync(change.Connection, change.Tx, request, "template");
            var agent = await change.AgentAsync(agentId);
            return await OutboundStarts.AppendAsync(change, conversation, "agent", agentId, agent.DisplayName, new OutboundContent(text, send));
        }, ct);

    private static string CheckChannel(Validation check, string? channel)
    {
        var name = channel?.Trim().ToLowerInvariant() ?? "";
        if (name.Length == 0) check.Add("channel", "Choose the channel: SMS, WhatsApp or Messenger.");
        else if (!OutboundStarts.Channels.Contains(name))
            check.Add("channel", name is "email" or "mail"
                ? "E-mail conversations are not set up in CrmSuite; choose SMS, WhatsApp or Messenger."
                : $"'{channel}' is not a channel CrmSuite can start a conversation on; choose sms, whatsapp or messenger.");
        return OutboundStarts.Channels.Contains(name) ? name : "";
    }

    private static void CheckOneContent(Validation check, string? text, TemplateMessage? template)
    {
        var hasText = !string.IsNullOrWhiteSpace(text);
        check.When(!hasText && template is null, "text", "Write the message, or choose a WhatsApp template.")
            .When(hasText && template is not null, "text", "Send a text or a template, not both.")
            .MaxLength(text?.Trim(), MaxTextLength, "text", "A message");
    }

    private static async Task<OutboundContent> ContentAsync(RoutingTx change, string channel, string? text, TemplateMessage? template)
    {
        if (template is null) return new OutboundContent(PlainText.Check(text, "text"), null);
        if (channel != ChannelName.WhatsApp) throw Problem.Invalid("template", "Message templates are WhatsApp's; write a text for SMS or Messenger.");
        var (send, rendered) = await WhatsAppTemplatesServices.ResolveAsync(change.Connection, change.Tx, template);
        return new OutboundContent(rendered, send);
    }

    private static Task<ConversationRow?> OpenConversationAsync(RoutingTx change, string channel, string address) =>
        change.Connection.QuerySingleOrDefaultAsync<ConversationRow>($"""
            SELECT {ConversationRow.Columns} FROM conversations
            WHERE channel = @channel AND address = @address AND public = 0 AND state IN {ConversationState.OpenStatesSql} ORDER BY id DESC LIMIT 1
            """, new { channel, address }, change.Tx);

    /// <summary>One open conversation per customer and channel: a second would split the customer's replies.</summary>
    private static async Task RefuseOpenAsync(RoutingTx change, string channel, string address, string customerName, long agentId)
    {
        if (await OpenConversationAsync(change, channel, address) is not { } open) return;
        throw Problem.Conflict(open.OwnerId == agentId
            ? $"You are already in a {ChannelCatalog.Label(channel)} conversation with {customerName} (#{open.Id}): write there."
            : $"{customerName} already has an open {ChannelCatalog.Label(channel)} conversation (#{open.Id}, {open.State}); " +
              "it reaches you through the Inbox or a transfer.");
    }

    /// <summary>The request as sent, hashed: the same body retried gives the same fingerprint, whatever its spacing.</summary>
    private static string Fingerprint(StartOutbound request) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request)));
}

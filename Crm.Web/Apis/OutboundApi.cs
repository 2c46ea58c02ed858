using Crm.ServiceInterface.Outbound;

namespace Crm.Web.Apis;

/// <summary>Outbound conversations (an agent's, an integration's) and the WhatsApp message templates they and the composer use.</summary>
public static class OutboundApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapOutboundApi(this RouteGroupBuilder api)
    {
        var agent = api.MapGroup("").WithTags("Outbound conversations").RequireAuthorization(p => p.RequireRole(Roles.Agent));
        agent.MapPost("/conversations", StartConversation)
            .WithSummary("New conversation: the agent writes first to a customer over SMS, WhatsApp (text inside 24 hours, else a template) or Messenger " +
                "(inside its window); the chat is the agent's at once and counts against their capacity (409 when full).");
        agent.MapGet("/customers/{id:long}/outbound-channels", OutboundChannels)
            .WithSummary("The channels the customer can be reached on now: for each, whether text may go, only a template, or nothing and why.");

        var chat = api.MapGroup("").WithTags("Outbound conversations").RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin));
        chat.MapPost("/conversations/{id:long}/template", SendTemplate)
            .WithSummary("Sends a WhatsApp template in a chat you are in: {name, language, parameters, headerParameters}; works after the 24-hour window.");
        chat.MapGet("/whatsapp-templates", UsableTemplates).WithSummary("The approved templates the composer offers.");

        var integration = api.MapGroup("/outbound").WithTags("Outbound conversations")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Supervisor, Roles.Agent));
        integration.MapPost("", StartOutbound)
            .WithSummary("Integration API (X-Api-Key): finds or creates the customer by channel and address, opens the conversation and queues the message " +
                "(text, or a WhatsApp template), in one call; 201 with the conversation id. The conversation is owned by nobody: it waits, out of the Inbox, " +
                "for the customer's reply, which routes it like an inbound chat to the queue of the channel's entry point. If the customer already has an " +
                "open conversation on the channel, the message joins it. An Idempotency-Key header (at most 200 characters) makes retries safe: the same " +
                "key answers the first call's conversation (replayed: true) and sends nothing again; the same key with a different body is 422.");

        var admin = api.MapGroup("/admin/whatsapp-templates").WithTags("WhatsApp templates").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapGet("", Templates).WithSummary("Every registered template, retired ones too.");
        admin.MapPost("", CreateTemplate)
            .WithSummary("Registers an approved template: name, language, category, body with {{1}} placeholders, optional header text and buttons.");
        admin.MapPut("/{id:long}", UpdateTemplate).WithSummary("Changes a registered template.");
        admin.MapDelete("/{id:long}", RetireTemplate).WithSummary("Retires a template: the composer stops offering it; sent messages keep their text.");
        admin.MapPost("/sync", SyncTemplates)
            .WithSummary("Fetches the templates from the Cloud API (GET /{WABA-ID}/message_templates, every page) for the WhatsApp Business Account " +
                "set under Channels; those Meta no longer lists are retired, media-header templates skipped.");
        return api;
    }

    private static async Task<Created<ConversationDto>> StartConversation(StartConversation? request, OutboundConversations outbound, HttpContext http)
    {
        var conversation = await outbound.StartAsync(http.User.UserId(), request ?? new(), http.RequestAborted);
        return TypedResults.Created($"/api/conversations/{conversation.Id}", conversation);
    }

    private static async Task<Ok<IReadOnlyList<OutboundChannelDto>>> OutboundChannels(long id, OutboundConversations outbound, CancellationToken ct) =>
        TypedResults.Ok(await outbound.ChannelsForAsync(id, ct));

    private static async Task<Ok<MessageDto>> SendTemplate(long id, TemplateMessage? request, OutboundConversations outbound, HttpContext http) =>
        TypedResults.Ok(await outbound.SendTemplateAsync(id, http.User.UserId(), request ?? new(), http.RequestAborted));

    private static async Task<Ok<IReadOnlyList<WhatsAppTemplateDto>>> UsableTemplates(WhatsAppTemplatesServices templates, CancellationToken ct) =>
        TypedResults.Ok(await templates.ListAsync(usableOnly: true, ct));

    private static async Task<Created<OutboundStarted>> StartOutbound(StartOutbound? request, OutboundConversations outbound, HttpContext http)
    {
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        var started = await outbound.StartForIntegrationAsync(http.User.UserId(), key, request ?? new(), http.RequestAborted);
        return TypedResults.Created($"/api/conversations/{started.ConversationId}", started);
    }

    private static async Task<Ok<IReadOnlyList<WhatsAppTemplateDto>>> Templates(WhatsAppTemplatesServices templates, CancellationToken ct) =>
        TypedResults.Ok(await templates.ListAsync(usableOnly: false, ct));

    private static async Task<Created<WhatsAppTemplateDto>> CreateTemplate(SaveWhatsAppTemplate? request, WhatsAppTemplatesServices templates, HttpContext http)
    {
        var template = await templates.CreateAsync(request ?? new(), http.User.UserId(), http.RequestAborted);
        return TypedResults.Created($"/api/admin/whatsapp-templates/{template.Id}", template);
    }

    private static async Task<Ok<WhatsAppTemplateDto>> UpdateTemplate(long id, SaveWhatsAppTemplate? request, WhatsAppTemplatesServices templates,
        HttpContext http) =>
        TypedResults.Ok(await templates.UpdateAsync(id, request ?? new(), http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> RetireTemplate(long id, WhatsAppTemplatesServices templates, HttpContext http)
    {
        await templates.RetireAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<TemplateSyncResult>> SyncTemplates(WhatsAppTemplatesServices templates, HttpContext http) =>
        TypedResults.Ok(await templates.SyncAsync(http.User.UserId(), http.RequestAborted));
}

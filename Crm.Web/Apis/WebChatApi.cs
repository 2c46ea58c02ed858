using Crm.ServiceInterface.Channels.WebChat;
using Crm.ServiceInterface.Events;

namespace Crm.Web.Apis;

/// <summary>The customer's side of the built-in web chat: no sign-in, the unguessable session id is the key.</summary>
public static class WebChatApi
{
    public const string RateLimit = "webchat";

    public static RouteGroupBuilder MapWebChatApi(this RouteGroupBuilder api)
    {
        var chat = api.MapGroup("/webchat/sessions").WithTags("Web chat").AllowAnonymous().RequireRateLimiting(RateLimit);
        chat.MapPost("", Start).WithSummary("Starts a chat for a visitor (name, optional email); returns the session id.");
        chat.MapGet("/{id}/messages", History).WithSummary("The session's thread as the customer sees it.");
        chat.MapPost("/{id}/messages", Send).WithSummary("The customer's message (plain text).");
        chat.MapPost("/{id}/end", End).WithSummary("The visitor leaves: the agent sees it; a chat nobody answered yet is withdrawn.");
        chat.MapGet("/{id}/events", Events).WithSummary("Server-Sent Events: agent replies with the agent's name, joined/left notices, the end.");
        return api;
    }

    private static async Task<Created<WebChatSession>> Start(StartWebChat request, WebChatServices webChat, CancellationToken ct)
    {
        var session = await webChat.StartAsync(request, ct);
        return TypedResults.Created($"/api/webchat/sessions/{session.SessionId}", session);
    }

    private static async Task<Ok<IReadOnlyList<WebChatMessage>>> History(string id, WebChatServices webChat, CancellationToken ct) =>
        TypedResults.Ok(await webChat.HistoryAsync(id, ct));

    private static async Task<Ok<WebChatMessage>> Send(string id, SendWebChatMessage request, WebChatServices webChat, CancellationToken ct) =>
        TypedResults.Ok(await webChat.SendAsync(id, request, ct));

    private static async Task<NoContent> End(string id, WebChatServices webChat, CancellationToken ct)
    {
        await webChat.EndAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Events(string id, WebChatServices webChat, HttpContext http)
    {
        await webChat.EnsureSessionAsync(id, http.RequestAborted);
        return EventsApi.Stream(http, new HashSet<string> { Audience.WebChat(id) });
    }
}

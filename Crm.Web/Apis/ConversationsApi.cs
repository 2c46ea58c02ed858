using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Conversations;

namespace Crm.Web.Apis;

public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/conversations").WithTags("Conversations")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin));
        read.MapGet("", List).WithSummary("Inbox (waiting in your queues) or Assigned to you, grouped by channel, with unread counts and the last message.");
        read.MapGet("/{id:long}", Get).WithSummary("One conversation with its messages (q searches inside it) and participants.");

        // Supervisors too: after a barge-in they write to the customer, after a take-over they end and wrap up; each action checks their part.
        var act = api.MapGroup("/conversations/{id:long}").WithTags("Conversations")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin));
        act.MapPost("/accept", Accept).WithSummary("Accepts the chat offered to you; the acceptance timer stops.");
        act.MapPost("/reject", Reject).WithSummary("Rejects the offer (needs the reject permission); you go On Break and the chat goes back to its queue.");
        act.MapPost("/messages", Send).WithSummary("Sends a plain-text reply; the customer sees your name with it.");
        act.MapPost("/transfer", Transfer).WithSummary("Transfers to a queue or an agent; you go to wrap-up.");
        act.MapPost("/conference", Conference).WithSummary("Asks another agent to join (Conference Requested until they accept).");
        act.MapPost("/exit", Exit).WithSummary("Exit Conference: the guest leaves, the chat goes on.");
        act.MapPost("/end", End).WithSummary("Ends the chat (or the conference); the customer sees you left; wrap-up follows.");
        act.MapPost("/send-to-inbox", SendToInbox).WithSummary("Hands the chat back to the head of its queue for someone else.");
        act.MapPost("/pick", Pick)
            .WithSummary("Takes a chat waiting in the Inbox yourself: it needs your queue, its skills and room for one more chat (409 says why not).");
        act.MapPost("/wrapup", WrapUp).WithSummary("Submit Wrap Up: reasons and transaction codes.");
        act.MapPost("/move-to-private", MoveToPrivate).WithSummary("Posts a public note under the post; the conversation carries on in private messages.");
        act.MapPost("/save-to-crm", SaveToCrm).WithSummary("Saves the transcript: a closed case during the chat, an open orphan case after it.");
        return api;
    }

    private static async Task<Ok<ConversationList>> List(ConversationsServices conversations, string? view, HttpContext http) =>
        TypedResults.Ok(await conversations.ListAsync(http.User.UserId(), view,
            everyQueue: http.User.IsInRole(Roles.Supervisor) || http.User.IsInRole(Roles.Admin), http.RequestAborted));

    private static async Task<Ok<ConversationDto>> Get(long id, string? q, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.GetAsync(id, http.User.UserId(), q, http.RequestAborted));

    private static async Task<Ok<ConversationDto>> Accept(long id, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.AcceptAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<NoContent> Reject(long id, ConversationsServices conversations, HttpContext http)
    {
        await conversations.RejectAsync(id, http.User.UserId(), http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<MessageDto>> Send(long id, SendMessage request, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.SendAsync(id, http.User.UserId(), request, http.RequestAborted));

    private static async Task<Ok<ConversationDto>> Transfer(long id, TransferConversation request, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.TransferAsync(id, http.User.UserId(), request, http.RequestAborted));

    private static async Task<Ok<ConversationDto>> Conference(long id, ConferenceConversation request, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.ConferenceAsync(id, http.User.UserId(), request, http.RequestAborted));

    private static async Task<Ok<ConversationDto>> Exit(long id, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.ExitAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ConversationDto>> End(long id, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.EndAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ConversationDto>> SendToInbox(long id, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.SendToInboxAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ConversationDto>> Pick(long id, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.PickAsync(id, http.User.UserId(), http.RequestAborted));

    private static async Task<Ok<ConversationDto>> WrapUp(long id, WrapUpConversation request, ConversationsServices conversations, HttpContext http) =>
        TypedResults.Ok(await conversations.WrapUpAsync(id, http.User.UserId(), request, http.RequestAborted));

    private static async Task<Ok<ConversationDto>> MoveToPrivate(long id, MoveToPrivate? request, PublicPosts posts, ConversationsServices conversations,
        HttpContext http)
    {
        await posts.MoveToPrivateAsync(id, http.User.UserId(), request?.Note, http.RequestAborted);
        return TypedResults.Ok(await conversations.GetAsync(id, http.User.UserId(), null, http.RequestAborted));
    }

    private static async Task<Created<CaseDto>> SaveToCrm(long id, SaveToCrm? request, ConversationsServices conversations, HttpContext http)
    {
        // The body is optional: `curl -X POST` with none saves with the standard subject.
        var saved = await conversations.SaveToCrmAsync(id, http.User.UserId(), request ?? new SaveToCrm(), http.RequestAborted);
        return TypedResults.Created($"/api/cases/{saved.Id}", saved);
    }
}

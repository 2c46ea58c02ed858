using Crm.ServiceInterface.Channels;
using Crm.ServiceInterface.Conversations;

namespace Crm.Web.Apis;

public static class PublicActionsApi
{
    public static RouteGroupBuilder MapPublicActionsApi(this RouteGroupBuilder api)
    {
        var act = api.MapGroup("/conversations/{id:long}").WithTags("Conversations")
            .RequireAuthorization(p => p.RequireRole(Roles.Agent, Roles.Supervisor, Roles.Admin));
        act.MapPost("/like", Like).WithSummary("Likes the customer's public post or comment (X, Facebook); sent through the outbox.");
        act.MapPost("/retweet", Retweet).WithSummary("Retweets the customer's post (X); sent through the outbox.");
        act.MapPost("/hide", Hide).WithSummary("Hides the customer's comment from everyone but them and their friends (Facebook).");
        act.MapPost("/unhide", Unhide).WithSummary("Shows a hidden comment again (Facebook).");
        act.MapPost("/private-reply", PrivateReply)
            .WithSummary("Answers the comment in Messenger (one private reply per comment); the customer's answer opens a linked Messenger chat.");
        return api;
    }

    private static Task<Ok<ConversationDto>> Like(long id, PublicPostActions actions, ConversationsServices conversations, HttpContext http) =>
        ActAsync(id, PublicActionKind.Like, null, actions, conversations, http);

    private static Task<Ok<ConversationDto>> Retweet(long id, PublicPostActions actions, ConversationsServices conversations, HttpContext http) =>
        ActAsync(id, PublicActionKind.Retweet, null, actions, conversations, http);

    private static Task<Ok<ConversationDto>> Hide(long id, PublicPostActions actions, ConversationsServices conversations, HttpContext http) =>
        ActAsync(id, PublicActionKind.Hide, null, actions, conversations, http);

    private static Task<Ok<ConversationDto>> Unhide(long id, PublicPostActions actions, ConversationsServices conversations, HttpContext http) =>
        ActAsync(id, PublicActionKind.Unhide, null, actions, conversations, http);

    private static Task<Ok<ConversationDto>> PrivateReply(long id, PrivateReply? request, PublicPostActions actions, ConversationsServices conversations,
        HttpContext http) =>
        ActAsync(id, PublicActionKind.PrivateReply, request?.Text, actions, conversations, http);

    private static async Task<Ok<ConversationDto>> ActAsync(long id, PublicActionKind action, string? text, PublicPostActions actions,
        ConversationsServices conversations, HttpContext http)
    {
        await actions.ActAsync(id, http.User.UserId(), action, text, http.RequestAborted);
        return TypedResults.Ok(await conversations.GetAsync(id, http.User.UserId(), null, http.RequestAborted));
    }
}

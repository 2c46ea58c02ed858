using Crm.ServiceInterface.Conversations;
using Crm.Web.Apis;

namespace Crm.Web;

public static class ConfigureConversations
{
    public static WebApplicationBuilder AddCrmConversations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ConversationsServices>();
        services.AddSingleton<WrapUpCatalog>();
        services.AddSingleton<InboundMessages>();
        return builder;
    }

    public static RouteGroupBuilder MapConversationApis(this RouteGroupBuilder api)
    {
        api.MapConversationsApi();
        return api;
    }
}

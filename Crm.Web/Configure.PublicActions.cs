using Crm.ServiceInterface.Channels;

namespace Crm.Web;

/// <summary>Agents' actions on public posts (like, retweet, hide, unhide, private reply) and the customer's edits and removals.</summary>
public static class ConfigurePublicActions
{
    public static WebApplicationBuilder AddCrmPublicActions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PublicPostActions>();
        builder.Services.AddSingleton<PublicPostChanges>();
        return builder;
    }
}

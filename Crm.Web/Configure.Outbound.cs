using Crm.ServiceInterface.Outbound;
using Crm.Web.Apis;

namespace Crm.Web;

/// <summary>Outbound conversations and WhatsApp message templates (issue 12).</summary>
public static class ConfigureOutbound
{
    public static WebApplicationBuilder AddCrmOutbound(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboundConversations>();
        builder.Services.AddSingleton<WhatsAppTemplatesServices>();
        return builder;
    }

    public static RouteGroupBuilder MapOutboundApis(this RouteGroupBuilder api) => api.MapOutboundApi();
}

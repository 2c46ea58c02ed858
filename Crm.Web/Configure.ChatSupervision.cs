using Crm.ServiceInterface.Supervision;

namespace Crm.Web;

public static class ConfigureChatSupervision
{
    /// <summary>Supervisors stepping into chats: monitor, whisper, barge-in, take-over, leave (settings under Crm:Supervision).</summary>
    public static WebApplicationBuilder AddCrmChatSupervision(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection("Crm:Supervision").Get<ChatSupervisionOptions>() ?? new ChatSupervisionOptions());
        builder.Services.AddSingleton<ChatSupervisionServices>();
        return builder;
    }
}

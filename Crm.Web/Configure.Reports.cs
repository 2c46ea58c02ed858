using Crm.ServiceInterface.Reports;

namespace Crm.Web;

/// <summary>Reports: read-only services over the stored history.</summary>
public static class ConfigureReports
{
    public static WebApplicationBuilder AddCrmReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportFacts>();
        builder.Services.AddSingleton<AgentActivity>();
        builder.Services.AddSingleton<ReportsServices>();
        return builder;
    }
}

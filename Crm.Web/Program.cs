using Crm.Web;
using Crm.Web.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrmDb();
builder.AddCrmCluster();
builder.AddCrmAuth();
builder.AddCrmJobs();
builder.AddCrmRouting();
builder.AddCrmConversations();
builder.AddCrmChannels();
builder.AddCrmOutbound();
builder.AddCrmPublicActions();
builder.AddCrmAdmin();
builder.AddCrmEntryFlow();
builder.AddCrmMonitor();
builder.AddCrmChatSupervision();
builder.AddCrmReports();
builder.AddCrmPlayback();
builder.AddCrmIntegrations();
builder.AddCrmApi();
builder.AddCrmBadInput();
builder.AddCrmFaults();

var app = builder.Build();
app.UseCrmPipeline();
app.MapCrmApis();
app.MapWebhooks();
if (await app.ExportOpenApiIfAskedAsync(args)) return;
if (await app.RebuildReportRollupIfAskedAsync(args)) return;
app.Run();

public partial class Program;

using Crm.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddCrmDb();
builder.AddCrmAuth();
builder.AddCrmJobs();
builder.AddCrmRouting();
builder.AddCrmApi();

var app = builder.Build();
app.UseCrmPipeline();
app.MapCrmApis();
app.Run();

public partial class Program;

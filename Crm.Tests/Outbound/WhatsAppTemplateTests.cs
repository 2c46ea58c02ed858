using System.Text.Json.Nodes;
using Crm.Tests.Channels;
using Crm.Tests.Routing;

namespace Crm.Tests.Outbound;

/// <summary>WhatsApp past its 24-hour window: free text refused in words, a template sent in the Cloud API's documented shape, a rejection shown.</summary>
public sealed class WhatsAppTemplateTests : IAsyncLifetime
{
    private OutboundTestBed t = null!;

    public async Task InitializeAsync() => t = await OutboundTestBed.StartAsync();

    public async Task DisposeAsync() => await t.DisposeAsync();

    private async Task<long> StaleWhatsAppChatAsync(string from)
    {
        await t.WhatsAppInAsync(from, "wamid.old" + from, "Where is my parcel?", DateTimeOffset.UtcNow.AddHours(-25));
        var id = await t.ScalarAsync<long>("SELECT MAX(id) FROM conversations WHERE channel = 'whatsapp' AND address = @from", new { from });
        await t.Bed.OfferedToAsync("agent1", id);
        await t.Bed.AcceptAsync("agent1", id);
        return id;
    }

    [Fact]
    public async Task Past_24_hours_free_text_is_refused_and_a_template_with_parameters_reaches_the_Cloud_API_in_the_documented_shape()
    {
        await t.RegisterOrderTemplateAsync();
        var id = await StaleWhatsAppChatAsync("16505551234");
        var agent = await t.Bed.AgentAsync("agent1");

        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/messages", new SendMessage { Text = "Hi again" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("window closed", problem.GetProperty("detail").GetString());

        var templates = await agent.GetAsync<List<WhatsAppTemplateDto>>("/api/whatsapp-templates");
        var offered = Assert.Single(templates);
        Assert.Equal((2, 1), (offered.ParameterCount, offered.HeaderParameterCount));
        var sent = await agent.PostAsync($"/api/conversations/{id}/template", new TemplateMessage
        {
            Name = "order_delivery_update", Language = "en_US", Parameters = ["Pablo", "566701"], HeaderParameters = ["566701"],
        });

        Assert.Equal("Order 566701\nHi Pablo, your order 566701 is on its way and will arrive today.", sent.Text);
        await Eventually.TrueAsync(async () => (await t.Bed.ConversationAsync("agent1", id)).Messages.Any(m => m.Id == sent.Id && m.Status == "sent"),
            TimeSpan.FromSeconds(10), "the template sent");
        var call = Assert.Single(t.Platform.Requests, r => r.PathAndQuery == $"/{OutboundTestBed.PhoneNumberId}/messages");
        Assert.Equal("Bearer wa-token", call.Headers["Authorization"]);
        var body = JsonNode.Parse(call.Body)!.AsObject();
        Assert.NotNull(body["biz_opaque_callback_data"]);
        body.Remove("biz_opaque_callback_data");
        // The documented request, with this template's values: same fields, same nesting, same order of parameters.
        var documented = SharedChannelFiles.Json("whatsapp-send-template-request.json");
        documented["template"]!["components"]![0]!["parameters"]![0]!["text"] = "566701";
        Assert.True(JsonNode.DeepEquals(documented, body), $"sent {body.ToJsonString()}");
    }

    [Fact]
    public async Task A_template_the_platform_rejects_shows_the_platforms_error_on_the_message()
    {
        await t.RegisterOrderTemplateAsync();
        var id = await StaleWhatsAppChatAsync("16505557777");
        var rejection = SharedChannelFiles.Text("whatsapp-send-template-error.json");
        t.Platform.Respond = r => r.Body.Contains("\"template\"") ? (400, rejection) : null;

        var sent = await (await t.Bed.AgentAsync("agent1")).PostAsync($"/api/conversations/{id}/template", new TemplateMessage
        {
            Name = "order_delivery_update", Language = "en_US", Parameters = ["Ana", "1"], HeaderParameters = ["1"],
        });

        var failed = await Eventually.ValueAsync(async () =>
            (await t.Bed.ConversationAsync("agent1", id)).Messages.SingleOrDefault(m => m.Id == sent.Id && m.Status == "failed"),
            TimeSpan.FromSeconds(10), "failed");
        Assert.Contains("Template name does not exist in the translation", failed.Error);
        Assert.Contains("132001", failed.Error);
    }

    [Fact]
    public async Task A_template_needs_every_value_and_an_unknown_one_is_refused_in_words_before_anything_is_queued()
    {
        await t.RegisterOrderTemplateAsync();
        var id = await StaleWhatsAppChatAsync("16505558888");
        var agent = await t.Bed.AgentAsync("agent1");

        var (status, problem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/template",
            new TemplateMessage { Name = "order_delivery_update", Language = "en_US", Parameters = ["Ana"] });
        var (unknown, unknownProblem) = await agent.ProblemAsync(HttpMethod.Post, $"/api/conversations/{id}/template",
            new TemplateMessage { Name = "no_such_template", Language = "en_US" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        Assert.Contains("needs 2 values", errors.GetProperty("template.parameters")[0].GetString());
        Assert.Contains("needs 1 value", errors.GetProperty("template.headerParameters")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
        Assert.Contains("no registered template", unknownProblem.GetProperty("errors").GetProperty("template.name")[0].GetString());
        Assert.Equal(0, await t.ScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE conversation_id = @id AND direction = 'out'", new { id }));
    }

    [Fact]
    public async Task Sync_fetches_every_page_of_the_accounts_templates_and_skips_media_headers()
    {
        var firstPage = SharedChannelFiles.Json("whatsapp-message-templates-page.json");
        firstPage["paging"]!["next"] = $"{t.Platform.BaseUrl}/{OutboundTestBed.Waba}/message_templates?limit=2&after=MjQZD";
        const string lastPage = """
            {"data":[{"name":"appointment_reminder","components":[{"type":"BODY","text":"Your appointment is on {{1}}."}],"language":"de","status":"APPROVED",
            "category":"UTILITY","id":"2"}],"paging":{"cursors":{"before":"QVFI","after":"QVFJ"}}}
            """;
        t.Platform.Respond = r => r.Method == "GET" ? (200, r.PathAndQuery.Contains("after=") ? lastPage : firstPage.ToJsonString()) : null;

        var result = await (await t.Bed.AgentAsync("admin")).SendAsync<TemplateSyncResult>(HttpMethod.Post, "/api/admin/whatsapp-templates/sync", null);

        Assert.Equal((2, 0, 1), (result.Added, result.Updated, result.Skipped));
        var order = Assert.Single(result.Templates, x => x.Name == "order_delivery_update");
        Assert.Equal(("en_US", "UTILITY", "Order {{1}}", 2), (order.Language, order.Category, order.HeaderText, order.ParameterCount));
        Assert.Equal(["Track my order", "Our shop"], order.Buttons.Select(b => b.Text));
        Assert.Contains(result.Templates, x => x is { Name: "appointment_reminder", Language: "de", Source: "sync" });
        var pages = t.Platform.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(2, pages.Count);
        Assert.StartsWith($"/{OutboundTestBed.Waba}/message_templates?", pages[0].PathAndQuery);
        Assert.All(pages, p => Assert.Equal("Bearer wa-token", p.Headers["Authorization"]));
    }

    [Fact]
    public async Task An_admin_registers_a_template_and_bad_input_is_refused_field_by_field()
    {
        var admin = await t.Bed.AgentAsync("admin");
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/whatsapp-templates",
            new SaveWhatsAppTemplate { Name = "Order Update", Category = "NEWS", Body = new string('x', 1100) });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "language", "category", "body" }) Assert.True(errors.TryGetProperty(field, out _), field);
        var created = await t.RegisterOrderTemplateAsync();
        Assert.Equal(("admin", true), (created.Source, created.Enabled));
    }
}

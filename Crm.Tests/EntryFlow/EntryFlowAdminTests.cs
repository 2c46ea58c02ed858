using System.Text.Json;
using static Crm.Tests.EntryFlow.EntryFlowBed;

namespace Crm.Tests.EntryFlow;

/// <summary>The admin API for entry points, business hours, special days and emergencies: plain-words validation, all at once, audited.</summary>
public sealed class EntryFlowAdminTests : IAsyncLifetime
{
    private readonly EntryFlowBed flow = new();

    public Task InitializeAsync()
    {
        flow.Clock.Set(Utc("2026-06-16T08:00:00"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await flow.DisposeAsync();

    private static Dictionary<string, string[]> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString()!).ToArray());

    [Fact]
    public async Task Business_hours_with_every_field_wrong_get_every_problem_at_once_in_plain_words_and_nothing_is_stored()
    {
        var admin = await flow.AdminAsync();
        var (status, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/business-hours", new SaveBusinessHours
        {
            Name = " ", TimeZone = "Mars/Olympus",
            Slots =
            [
                new OpeningSlotDto { Day = "funday", Open = "9", Close = "25:00" },
                new OpeningSlotDto { Day = "monday", Open = "09:00", Close = "13:00" },
                new OpeningSlotDto { Day = "monday", Open = "12:00", Close = "14:00" },
                new OpeningSlotDto { Day = "tuesday", Open = "10:00", Close = "10:00" },
            ],
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = Errors(problem);
        Assert.Equal(["Give the business hours a name."], errors["name"]);
        Assert.Contains("\"Mars/Olympus\" is not a time zone", errors["timeZone"][0]);
        Assert.Equal(["Slot 1: choose a day, monday to sunday."], errors["slots[0].day"]);
        Assert.Equal(["Slot 1: write the opening time as HH:mm, such as 09:00."], errors["slots[0].open"]);
        Assert.StartsWith("Slot 1: write the closing time", errors["slots[0].close"][0]);
        Assert.Equal(["Slot 3 overlaps slot 2; join them into one slot or move one."], errors["slots[2]"]);
        Assert.StartsWith("Slot 4 opens and closes at the same time", errors["slots[3].close"][0]);
        Assert.Empty(await admin.GetAsync<List<BusinessHoursDto>>("/api/admin/business-hours"));
    }

    [Fact]
    public async Task An_empty_body_gets_the_required_fields_named_not_a_server_error()
    {
        var admin = await flow.AdminAsync();
        foreach (var url in new[] { "/api/admin/business-hours", "/api/admin/special-days", "/api/admin/entry-points" })
        {
            using var response = await admin.Http.PostAsync(url, new StringContent("", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        var (_, entry) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/entry-points", new { });
        var errors = Errors(entry);
        Assert.Equal(["Choose the channel this entry point is for."], errors["channel"]);
        Assert.Equal(["Choose the queue this entry point feeds."], errors["queueId"]);
        var (_, emergency) = await admin.ProblemAsync(HttpMethod.Put, "/api/admin/emergency", new { active = true });
        Assert.Equal(["Write the message customers get during the emergency."], Errors(emergency)["message"]);
    }

    [Fact]
    public async Task Entry_points_are_refused_in_words_for_a_wrong_bot_a_duplicate_and_a_missing_message()
    {
        var admin = await flow.AdminAsync();
        var hours = await flow.OfficeHoursAsync();
        var first = await flow.EntryPointAsync("whatsapp", hours.Id);
        Assert.Equal("open", first.Status);

        var (_, problem) = await admin.ProblemAsync(HttpMethod.Post, "/api/admin/entry-points", new SaveEntryPoint
        {
            Channel = "whatsapp", QueueId = await flow.QueueIdAsync("Support"), BusinessHoursId = hours.Id, OutsideHoursMessage = "",
            Bot = "external", BotUrl = "ftp://bot", ReplyMode = "shout", BotMaxMisses = 0,
        });

        var errors = Errors(problem);
        Assert.StartsWith("There is already an entry point for every whatsapp conversation", errors["channel"][0]);
        Assert.Equal(["Write the message customers get outside business hours."], errors["outsideHoursMessage"]);
        Assert.Equal(["The bot's address must be a full http:// or https:// URL."], errors["botUrl"]);
        Assert.Equal(["Give the secret the bot checks each request's signature with."], errors["botSecret"]);
        Assert.StartsWith("Choose how public posts are answered", errors["replyMode"][0]);
        Assert.Equal(["The bot hands off after 1 to 10 unanswered questions."], errors["botMaxMisses"]);
        Assert.Single(await admin.GetAsync<List<EntryPointDto>>("/api/admin/entry-points"));
    }

    [Fact]
    public async Task Every_change_is_audited_and_a_bot_secret_is_never_shown_back()
    {
        var admin = await flow.AdminAsync();
        var hours = await flow.OfficeHoursAsync();
        var entry = await flow.EntryPointAsync("webchat", hours.Id,
            change: e => { e.Bot = "external"; e.BotUrl = "https://bot.example/hook"; e.BotSecret = "s3cret"; });
        Assert.True(entry.BotSecretSet);
        Assert.DoesNotContain("s3cret", await admin.Http.GetStringAsync("/api/admin/entry-points"));

        var edited = await admin.SendAsync<EntryPointDto>(HttpMethod.Put, $"/api/admin/entry-points/{entry.Id}", new SaveEntryPoint
        {
            Channel = "webchat", QueueId = entry.QueueId, BusinessHoursId = hours.Id, OutsideHoursMessage = "Closed",
            Bot = "external", BotUrl = "https://bot.example/v2",
        });
        Assert.True(edited.BotSecretSet); // left empty on an edit: kept
        var day = await admin.PostAsync("/api/admin/special-days", new SaveSpecialDay
        {
            Date = "2026-12-24", Name = "Christmas Eve", Closed = false, Open = "09:00", Close = "13:00", Message = "Short hours today.",
        });
        Assert.Equal("13:00", day.Close);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.ProblemAsync(HttpMethod.Delete, $"/api/admin/business-hours/{hours.Id}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.RawAsync(HttpMethod.Delete, $"/api/admin/entry-points/{entry.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.RawAsync(HttpMethod.Delete, $"/api/admin/business-hours/{hours.Id}")).StatusCode);

        Assert.Equal(2, await flow.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'business_hours'"));
        Assert.Equal(3, await flow.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'entry_point'"));
        Assert.Equal(1, await flow.ScalarAsync("SELECT COUNT(*) FROM audit_log WHERE entity = 'special_day'"));
    }

    [Fact]
    public async Task Only_admins_configure_the_entry_flow()
    {
        var agent = await flow.Bed.AgentAsync("agent1");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.RawAsync(HttpMethod.Get, "/api/admin/entry-points")).StatusCode);
        var emergency = await agent.RawAsync(HttpMethod.Put, "/api/admin/emergency", new SetEmergency { Active = true, Message = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, emergency.StatusCode);
    }
}

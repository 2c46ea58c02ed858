using System.Globalization;
using Crm.ServiceInterface.Data;
using Crm.Tests.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.EntryFlow;

/// <summary>The demo contact center on a controllable clock, with an admin to set up entry points, hours, special days and emergencies.</summary>
public sealed class EntryFlowBed : IAsyncDisposable
{
    public const string Closed = "We are closed now; we open again {opens}. Your message is safe with us.";

    public EntryFlowBed(IDictionary<string, string?>? settings = null)
    {
        Bed = new RoutingTestBed(settings: settings, services: s => s.AddSingleton<TimeProvider>(Clock));
    }

    public TestClock Clock { get; } = new();
    public RoutingTestBed Bed { get; }

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso + "Z", CultureInfo.InvariantCulture);

    public Task<CrmClient> AdminAsync() => Bed.AgentAsync("admin");

    public async Task<long> QueueIdAsync(string name) => await ScalarAsync("SELECT id FROM queues WHERE name = @name", new { name });

    /// <summary>Weekdays 09:00-13:00 and 15:00-18:00 in Madrid.</summary>
    public async Task<BusinessHoursDto> OfficeHoursAsync()
    {
        var days = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" };
        var slots = days.SelectMany(d => new[]
        {
            new OpeningSlotDto { Day = d, Open = "09:00", Close = "13:00" }, new OpeningSlotDto { Day = d, Open = "15:00", Close = "18:00" },
        });
        return await (await AdminAsync()).PostAsync("/api/admin/business-hours",
            new SaveBusinessHours { Name = "Madrid office", TimeZone = "Europe/Madrid", Slots = slots.ToList() });
    }

    public async Task<EntryPointDto> EntryPointAsync(string channel, long? hoursId, string queue = "Support", Action<SaveEntryPoint>? change = null)
    {
        var request = new SaveEntryPoint
        {
            Channel = channel, QueueId = await QueueIdAsync(queue), BusinessHoursId = hoursId, OutsideHoursMessage = Closed,
        };
        change?.Invoke(request);
        return await (await AdminAsync()).PostAsync("/api/admin/entry-points", request);
    }

    /// <summary>Gives a demo queue its own business hours (null: always open), keeping every other setting.</summary>
    public async Task<AdminQueueDto> QueueHoursAsync(string queue, long? hoursId, string? closedMessage = null)
    {
        var admin = await AdminAsync();
        var q = (await admin.GetAsync<List<AdminQueueDto>>("/api/admin/queues")).Single(x => x.Name == queue);
        return await admin.SendAsync<AdminQueueDto>(HttpMethod.Put, $"/api/admin/queues/{q.Id}", new SaveQueue
        {
            Name = q.Name, Enabled = q.Enabled, SkillIds = [.. q.SkillIds], MemberIds = [.. q.MemberIds], AcceptanceSeconds = q.AcceptanceSeconds,
            PostProcessingSeconds = q.PostProcessingSeconds, TransactionCodesMandatory = q.TransactionCodesMandatory,
            ServiceLevelSeconds = q.ServiceLevelSeconds, SaveTranscriptAtWrapUp = q.SaveTranscriptAtWrapUp,
            BusinessHoursId = hoursId, ClosedMessage = closedMessage,
        });
    }

    public async Task<IReadOnlyList<WebChatMessage>> AutomaticRepliesAsync(string session, string author = "Automatic reply") =>
        (await Bed.CustomerSeesAsync(session)).Where(m => m.Kind == WebChatKind.Bot && m.AuthorName == author).ToList(); // never shown as an agent

    public async Task<(string? Hold, long? HeldUntil, string State)> HoldOfAsync(long conversationId)
    {
        await using var c = await Bed.App.Services.GetRequiredService<CrmDb>().OpenAsync();
        return await c.QuerySingleAsync<(string?, long?, string)>("SELECT hold, held_until, state FROM conversations WHERE id = @conversationId",
            new { conversationId });
    }

    public Task<long> ScalarAsync(string sql, object? args = null) => Bed.ScalarAsync(sql, args);

    public ValueTask DisposeAsync() => Bed.DisposeAsync();
}

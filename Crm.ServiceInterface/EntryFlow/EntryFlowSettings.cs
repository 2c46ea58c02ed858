using Crm.ServiceInterface.Data;

namespace Crm.ServiceInterface.EntryFlow;

/// <summary>A queue as the entry flow reads it: where a chat may go, and the queue's own hours.</summary>
internal sealed class QueueSettings
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public bool Enabled { get; set; }
    public long? BusinessHoursId { get; set; }
    public string? ClosedMessage { get; set; }
}

/// <summary>
/// Everything the entry flow decides a message by, read at one instant: entry points (retired ones too, for the chats that
/// came through them), active emergencies, business hours as calendars with their special days, and the queues. Kept in
/// memory by <see cref="EntryFlowSettingsCache"/>; the clock is applied per message, so an opening or closing needs no reload.
/// </summary>
internal sealed class EntryFlowSettings
{
    private readonly IReadOnlyList<EntryPointRow> entryPoints;
    private readonly Dictionary<long, EntryPointRow> entryPointsById;
    private readonly Dictionary<long, EmergencyRow> emergencies;
    private readonly Dictionary<long, BusinessCalendar> calendars;
    private readonly Dictionary<long, QueueSettings> queues;

    private EntryFlowSettings(IReadOnlyList<EntryPointRow> entryPoints, IEnumerable<EmergencyRow> activeEmergencies,
        Dictionary<long, BusinessCalendar> calendars, IEnumerable<QueueSettings> queues)
    {
        this.entryPoints = entryPoints;
        entryPointsById = entryPoints.ToDictionary(e => e.Id);
        emergencies = activeEmergencies.ToDictionary(e => e.Scope);
        this.calendars = calendars;
        this.queues = queues.ToDictionary(q => q.Id);
    }

    /// <summary>The entry point a new conversation comes through: this address's own, else the channel's; null leaves the settings' queue.</summary>
    public EntryPointRow? Match(string channel, string? address) =>
        entryPoints.FirstOrDefault(e => !e.Retired && e.Channel == channel && e.Address is not null && e.Address == address)
        ?? entryPoints.FirstOrDefault(e => !e.Retired && e.Channel == channel && e.Address is null);

    /// <summary>An entry point by id, retired or not (a chat keeps the one it came through).</summary>
    public EntryPointRow? EntryPoint(long id) => entryPointsById.GetValueOrDefault(id);

    /// <summary>The emergency that covers an entry point: its own, else the one for all (scope 0); null when neither is on.</summary>
    public EmergencyRow? Emergency(long? entryPointId) =>
        (entryPointId is { } id && id != 0 ? emergencies.GetValueOrDefault(id) : null) ?? emergencies.GetValueOrDefault(0);

    /// <summary>The calendar of business hours that are not retired and name a zone this server knows; null: always open.</summary>
    public BusinessCalendar? Calendar(long? businessHoursId) => businessHoursId is { } id ? calendars.GetValueOrDefault(id) : null;

    public QueueSettings? Queue(long id) => queues.GetValueOrDefault(id);

    /// <summary>The enabled queue of this exact name, else null.</summary>
    public long? EnabledQueueNamed(string name) => queues.Values.FirstOrDefault(q => q.Enabled && q.Name == name)?.Id;

    /// <summary>The first enabled queue by id: where a chat goes when nothing names one.</summary>
    public long? FirstEnabledQueue() => queues.Values.Where(q => q.Enabled).MinBy(q => q.Id)?.Id;

    public static async Task<EntryFlowSettings> LoadAsync(DbConnection c, DbTransaction? tx)
    {
        var entryPoints = (await c.QueryAsync<EntryPointRow>(
            $"SELECT {EntryPointRow.Columns}, e.retired AS Retired FROM {EntryPointRow.From} ORDER BY e.id", transaction: tx)).ToList();
        var emergencies = await c.QueryAsync<EmergencyRow>($"SELECT {EmergencyRow.Columns} FROM emergencies WHERE active = 1", transaction: tx);
        var hours = await c.QueryAsync<BusinessHoursRow>($"SELECT {BusinessHoursRow.Columns} FROM business_hours WHERE retired = 0", transaction: tx);
        var specialDays = (await c.QueryAsync<SpecialDayRow>(
            $"SELECT {SpecialDayRow.Columns} FROM special_days WHERE retired = 0 ORDER BY id", transaction: tx)).ToList();
        var calendars = new Dictionary<long, BusinessCalendar>();
        foreach (var h in hours)
        {
            if (WallTime.Zone(h.TimeZone) is not { } zone) continue;
            var days = specialDays.Where(s => s.BusinessHoursId is null || s.BusinessHoursId == h.Id).Select(s => s.Rule()).ToList();
            calendars[h.Id] = new BusinessCalendar(zone, h.OpeningSlots(), days);
        }
        var queues = await c.QueryAsync<QueueSettings>(
            "SELECT id, name, enabled, business_hours_id AS BusinessHoursId, closed_message AS ClosedMessage FROM queues", transaction: tx);
        return new EntryFlowSettings(entryPoints, emergencies, calendars, queues);
    }
}

/// <summary>The node's copy of <see cref="EntryFlowSettings"/>, loaded again when an admin (or anything) changes one of its tables.</summary>
public sealed class EntryFlowSettingsCache
{
    private readonly ConfigCache<EntryFlowSettings> cache = new(EntryFlowSettings.LoadAsync);

    internal Task<EntryFlowSettings> GetAsync(DbConnection c, DbTransaction? tx, long version) => cache.GetAsync(c, tx, version);

    internal Task<EntryFlowSettings> GetAsync(DbConnection c, DbTransaction? tx = null) => cache.GetAsync(c, tx);
}

using System.Text.Json;
using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Events;

/// <summary>A test's own pushed event, told apart by its label (the app's events are typed records too).</summary>
public sealed record Mark(string Label, int? N = null) : IPushedEvent
{
    public static string Name => "mark";
}

/// <summary>Appends events the way the routing engine does, and signs in users of a given role.</summary>
public static class EventsTestData
{
    /// <summary>Appends in its own transaction, then signals after the commit; returns the event id.</summary>
    public static async Task<long> AppendAsync<TEvent>(this CrmApp app, string audience, TEvent data) where TEvent : class, IPushedEvent
    {
        var db = app.Services.GetRequiredService<CrmDb>();
        var now = app.Services.GetRequiredService<TimeProvider>().NowMs();
        var id = await db.InTransactionAsync((c, tx) => EventLog.AppendAsync(c, tx, audience, data, now));
        app.Services.GetRequiredService<EventLog>().Signal();
        return id;
    }

    /// <summary>Appends a <see cref="Mark"/> labelled <paramref name="label"/>.</summary>
    public static Task<long> MarkAsync(this CrmApp app, string audience, string label, int? n = null) => app.AppendAsync(audience, new Mark(label, n));

    /// <summary>The label of a <see cref="Mark"/> frame.</summary>
    public static string Label(this SseMessage message) =>
        message.Event == Mark.Name ? JsonDocument.Parse(message.Data).RootElement.GetProperty("label").GetString()! : message.Event;

    /// <summary>Every real event up to and including the mark labelled <paramref name="label"/>, as their labels.</summary>
    public static async Task<List<string>> LabelsUntilAsync(this SseReader reader, string label) =>
        (await reader.EventsUntilAsync(m => m.Label() == label)).Select(m => m.Label()).ToList();

    /// <summary>Creates the user through the admin API and returns them signed in, with their id.</summary>
    public static async Task<(CrmClient Client, long Id)> UserAsync(this CrmApp app, CrmClient admin, string userName, params string[] roles)
    {
        var password = $"{userName}-password";
        var user = await admin.PostAsync("/api/users", new CreateUser { UserName = userName, DisplayName = userName, Password = password, Roles = [.. roles] });
        return (await app.SignInAsync(userName, password), user.Id);
    }

    public static Task<SseReader> EventsAsync(this CrmClient client, string? lastEventId = null, string url = "/api/events") =>
        SseReader.ConnectAsync(client.Http, url, lastEventId);
}

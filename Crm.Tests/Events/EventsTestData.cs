using Crm.ServiceInterface.Data;
using Crm.ServiceInterface.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Events;

/// <summary>Appends events the way the routing engine does, and signs in users of a given role.</summary>
public static class EventsTestData
{
    public static readonly TimeSpan Soon = TimeSpan.FromSeconds(1);

    /// <summary>Appends in its own transaction, then signals after the commit; returns the event id.</summary>
    public static async Task<long> AppendAsync(this CrmApp app, string audience, string name, object data)
    {
        var db = app.Services.GetRequiredService<CrmDb>();
        var now = app.Services.GetRequiredService<TimeProvider>().NowMs();
        var id = await db.InTransactionAsync((c, tx) => EventLog.AppendAsync(c, tx, audience, name, data, now));
        app.Services.GetRequiredService<EventLog>().Signal();
        return id;
    }

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

using Crm.ServiceInterface.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Seed;

/// <summary>The demo's cases read like real ones: each wrap-up reason and transaction code fits the case's subject.</summary>
public sealed class SeededWrapUpTests : IDisposable
{
    private readonly TestFolder folder = new();

    /// <summary>What a contact center would record for each kind of chat, written here independently of the seeder.</summary>
    private static readonly Dictionary<string, (string Queue, string[] Reasons, string[] Codes)> Fits = new()
    {
        ["Password reset"] = ("Support", ["Question answered", "Technical issue resolved"], ["SUP-L1", "INFO"]),
        ["Order status"] = ("Support", ["Question answered", "Information sent"], ["INFO"]),
        ["Double charge"] = ("Billing", ["Question answered", "Follow-up scheduled"], ["BILL-ADJ"]),
        ["Upgrade plan"] = ("Sales", ["Order placed"], ["SALE-UPG"]),
        ["App crashes on start"] = ("Support", ["Technical issue resolved"], ["SUP-L1"]),
        ["Invoice copy"] = ("Billing", ["Information sent"], ["INFO"]),
        ["Refund request"] = ("Billing", ["Refund issued"], ["BILL-REF"]),
        ["Delivery delayed"] = ("Support", ["Information sent", "Follow-up scheduled"], ["INFO"]),
    };

    [Fact]
    public async Task Every_seeded_case_carries_a_queue_an_agent_of_that_queue_and_wrap_ups_that_fit_its_subject()
    {
        using var app = new CrmApp(folder, demo: true, settings: new Dictionary<string, string?> { ["Crm:Seed:Customers"] = "300" });
        await using var c = await app.Services.GetRequiredService<CrmDb>().OpenAsync();
        var cases = (await c.QueryAsync<(long Id, string Subject, string Status, string? Queue, long IsMember)>("""
            SELECT k.id, k.subject, k.status, q.name,
                   EXISTS (SELECT 1 FROM queue_members m WHERE m.queue_id = k.queue_id AND m.user_id = k.created_by)
            FROM cases k LEFT JOIN queues q ON q.id = k.queue_id
            """)).ToList();
        var reasons = (await c.QueryAsync<(long CaseId, string Name)>(
            "SELECT r.case_id, w.name FROM case_wrapup_reasons r JOIN wrapup_reasons w ON w.id = r.reason_id")).ToLookup(r => r.CaseId, r => r.Name);
        var codes = (await c.QueryAsync<(long CaseId, string Code)>(
            "SELECT t.case_id, x.code FROM case_transaction_codes t JOIN transaction_codes x ON x.id = t.code_id")).ToLookup(t => t.CaseId, t => t.Code);

        Assert.True(cases.Count > 200, $"{cases.Count} cases");
        var misfits = new List<string>();
        foreach (var (id, subject, status, queue, isMember) in cases)
        {
            Assert.True(Fits.TryGetValue(subject, out var fit), $"CS-{id:D6}: no fit written for the subject “{subject}”");
            if (queue != fit.Queue) misfits.Add($"CS-{id:D6} {subject}: queue {queue}");
            if (isMember != 1) misfits.Add($"CS-{id:D6} {subject}: saved by an agent who does not answer {queue}");
            misfits.AddRange(reasons[id].Where(r => !fit.Reasons.Contains(r)).Select(r => $"CS-{id:D6} {subject}: reason {r}"));
            misfits.AddRange(codes[id].Where(x => !fit.Codes.Contains(x)).Select(x => $"CS-{id:D6} {subject}: code {x}"));
            if (status == "Closed" && !reasons[id].Any()) misfits.Add($"CS-{id:D6} {subject}: closed without a wrap-up reason");
            if (status == "Closed" && queue == "Billing" && !codes[id].Any()) misfits.Add($"CS-{id:D6} {subject}: Billing requires a transaction code");
        }
        Assert.Empty(misfits);
    }

    public void Dispose() => folder.Dispose();
}

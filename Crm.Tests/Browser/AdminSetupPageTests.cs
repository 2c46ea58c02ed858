using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>An empty contact center (only the admin), its web chat landing in Support as Crm:Routing:DefaultQueue says.</summary>
public sealed class EmptyCenterSession() : BrowserSession(demo: false, new Dictionary<string, string?>
{
    ["Crm:Routing:DefaultQueue"] = "Support",
    ["Crm:Routing:EntryPoints:webchat"] = "Support",
});

/// <summary>
/// Issue 11's done-when: from an empty database the admin sets up, through the pages only, two queues with skills, three
/// agents (users first, then capacity, reject permission, skills, queues), wrap-up reasons, codes and FAQ; then a web chat
/// from the /chat page is offered to the one agent who has the Support queue and its skill.
/// </summary>
public sealed class AdminSetupPageTests(EmptyCenterSession browser) : IClassFixture<EmptyCenterSession>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_admin_sets_up_the_contact_center_through_the_pages_and_a_web_chat_is_offered_to_the_right_agent()
    {
        var admin = await browser.SignInAsync("admin");
        var pageErrors = new List<string>();
        admin.PageError += (_, error) => pageErrors.Add(error);
        admin.Console += (_, message) => { if (message.Type == "error") pageErrors.Add(message.Text); };
        try
        {
            await SetUpAndChatAsync(admin);
        }
        catch
        {
            await BrowserSession.ScreenshotAsync(admin, "admin-setup-failed");
            Assert.Fail($"The page reported: {string.Join(" | ", pageErrors)}");
            throw;
        }
        finally
        {
            await admin.Context.CloseAsync();
        }
    }

    private async Task SetUpAndChatAsync(IPage admin)
    {
        // Signing in lands on the admin's first section; a click before that navigation settles would be overtaken by it.
        await admin.WaitForURLAsync("**/customers");
        await admin.GetByRole(AriaRole.Heading, new() { Level = 1, Name = "Customers" }).WaitForAsync();

        // Skills, then two queues; the queue form says every problem at once, each at its field.
        await Nav(admin, "Queues");
        var skills = admin.GetByRole(AriaRole.Region, new() { Name = "Skills" });
        foreach (var skill in new[] { "Returns", "Sales talk" })
        {
            await skills.GetByLabel("Skill name").FillAsync(skill);
            await skills.GetByRole(AriaRole.Button, new() { Name = "Add skill" }).ClickAsync();
            await skills.GetByText(skill, new() { Exact = true }).WaitForAsync();
        }
        await admin.GetByRole(AriaRole.Button, new() { Name = "New queue" }).ClickAsync();
        var queueForm = admin.GetByRole(AriaRole.Form, new() { Name = "New queue" });
        await queueForm.GetByLabel("Acceptance interval (seconds)").FillAsync("3");
        await queueForm.GetByRole(AriaRole.Button, new() { Name = "Create queue" }).ClickAsync();
        await queueForm.GetByText("Give the queue a name.").WaitForAsync();
        await queueForm.GetByText("The acceptance interval is 5 to 600 seconds (leave it empty for the default).").WaitForAsync();
        Assert.Contains("5 to 600 seconds to accept an offer", await queueForm.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-01-queue-problems");
        await queueForm.GetByLabel("Queue name").FillAsync("Support");
        await queueForm.GetByLabel("Acceptance interval (seconds)").FillAsync("45");
        await queueForm.GetByLabel("Returns").CheckAsync();
        await queueForm.GetByLabel("Save the transcript to the CRM at wrap-up").CheckAsync();
        await queueForm.GetByRole(AriaRole.Button, new() { Name = "Create queue" }).ClickAsync();
        await QueueRow(admin, "Support").WaitForAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "New queue" }).ClickAsync();
        await queueForm.GetByLabel("Queue name").FillAsync("Sales");
        await queueForm.GetByLabel("Sales talk").CheckAsync();
        await queueForm.GetByLabel("Transaction code mandatory at wrap-up").CheckAsync();
        await queueForm.GetByRole(AriaRole.Button, new() { Name = "Create queue" }).ClickAsync();
        await QueueRow(admin, "Sales").WaitForAsync();
        Assert.Contains("Returns", await QueueRow(admin, "Support").InnerTextAsync());
        Assert.Contains("Accept: 45 s", await QueueRow(admin, "Support").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-02-queues");

        // Three agents: users first, on the Users page.
        await Nav(admin, "Users");
        foreach (var (user, name) in new[] { ("ana", "Ana Alvarez"), ("ben", "Ben Brown"), ("cai", "Cai Chen") })
        {
            await admin.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
            var form = admin.GetByRole(AriaRole.Form, new() { Name = "New user" });
            await form.GetByLabel("User name").FillAsync(user);
            await form.GetByLabel("Display name").FillAsync(name);
            await form.GetByLabel("Password").FillAsync(CrmApp.Password);
            await form.GetByLabel("Agent", new() { Exact = true }).CheckAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
            await admin.Locator($"tr[data-user-name={user}]").WaitForAsync();
        }
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-03-users");

        // Their routing profiles: only Ana has Support with its Returns skill; Cai has Support without the skill; Ben has Sales.
        await Nav(admin, "Agents");
        await ProfileAsync(admin, "Ana Alvarez", capacity: "2 chats at once", canReject: true, skills: ["Returns"], queues: ["Support"]);
        await ProfileAsync(admin, "Ben Brown", capacity: "3 chats at once", canReject: false, skills: ["Sales talk"], queues: ["Sales"]);
        await ProfileAsync(admin, "Cai Chen", capacity: "1 chat at once", canReject: true, skills: [], queues: ["Support"]);
        var anaRow = admin.Locator("tr[data-agent=ana]");
        Assert.Contains("Returns", await anaRow.InnerTextAsync());
        Assert.Contains("Yes", await anaRow.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-04-agents");

        // Wrap-up reasons (reordered), a transaction code (its form says what is missing), a break reason.
        await Nav(admin, "Wrap-up & breaks");
        var reasons = admin.GetByRole(AriaRole.Region, new() { Name = "Wrap-up reasons" });
        foreach (var reason in new[] { "Resolved", "Follow-up needed" }) await AddItemAsync(reasons, "wrap-up reason", ("Name", reason));
        await reasons.GetByRole(AriaRole.Button, new() { Name = "Move Follow-up needed up" }).ClickAsync();
        await Eventually(async () => (await reasons.Locator("li.catalog-item").First.InnerTextAsync()).Contains("Follow-up needed"), "the reorder");
        var codes = admin.GetByRole(AriaRole.Region, new() { Name = "Transaction codes" });
        await codes.GetByRole(AriaRole.Button, new() { Name = "Add transaction code" }).ClickAsync();
        await codes.GetByText("Give the transaction code a code, e.g. SALE-NEW.").WaitForAsync();
        await codes.GetByText("Give the transaction code a name.").WaitForAsync();
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-05-code-problems");
        await AddItemAsync(codes, "transaction code", ("Code", "RET-OK"), ("Name", "Return accepted"));
        var breaks = admin.GetByRole(AriaRole.Region, new() { Name = "Break reasons" });
        Assert.Contains("Lunch", await breaks.InnerTextAsync()); // copied from Crm:Routing:BreakReasons on the first start
        await AddItemAsync(breaks, "break reason", ("Name", "Team huddle"));
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-06-wrap-up");

        // An FAQ answer for Support.
        await Nav(admin, "FAQ");
        await admin.GetByRole(AriaRole.Button, new() { Name = "New answer" }).ClickAsync();
        var faq = admin.GetByRole(AriaRole.Form, new() { Name = "New FAQ answer" });
        await faq.GetByLabel("Title").FillAsync("Return policy");
        await faq.GetByLabel("Answer text").FillAsync("You can return any item within 30 days, free of charge.");
        await faq.GetByLabel("Tags").FillAsync("returns, refund");
        await faq.GetByLabel("Support").CheckAsync();
        await faq.GetByRole(AriaRole.Button, new() { Name = "Add answer" }).ClickAsync();
        await admin.Locator("li[data-faq='Return policy']").WaitForAsync();
        await BrowserSession.ScreenshotAsync(admin, "admin-setup-07-faq");

        // The three agents go Available: Ana on her desktop, Ben and Cai over the API.
        var ana = await browser.SignInAsync("ana", "/desktop");
        await ana.GetByLabel("State", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Available" });
        using var ben = await AgentAsync("ben");
        using var cai = await AgentAsync("cai");

        // A visitor writes from the /chat page: the chat lands in Support and is offered to Ana, the only member with Returns.
        var visitor = await browser.OpenAsync("/chat");
        await visitor.GetByLabel("Name", new() { Exact = true }).FillAsync("Wanda Visitor");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Start chat" }).ClickAsync();
        var box = visitor.GetByLabel("Message", new() { Exact = true });
        await box.FillAsync("I want to return my shoes");
        await box.PressAsync("Enter");
        var wanda = ana.GetByTestId("offer-customer").GetByText("Wanda Visitor", new() { Exact = true });
        var offer = ana.GetByTestId("offer-popover").Filter(new() { Has = wanda });
        await offer.WaitForAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        Assert.Contains("Support", await offer.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(ana, "admin-setup-08-offer-to-ana");
        Assert.Empty(await ben.GetAsync<List<OfferDto>>("/api/agents/me/offers"));
        Assert.Empty(await cai.GetAsync<List<OfferDto>>("/api/agents/me/offers"));

        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        await visitor.GetByText("Ana Alvarez joined the chat", new() { Exact = true }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(visitor, "admin-setup-09-visitor-joined");
        var faqSearch = ana.GetByLabel("Search FAQ");
        if (await faqSearch.CountAsync() == 0) await ana.GetByRole(AriaRole.Tab, new() { Name = "FAQ" }).ClickAsync();
        await ana.GetByLabel("Search FAQ").FillAsync("refund");
        await ana.GetByText("You can return any item within 30 days, free of charge.").WaitForAsync();
        await BrowserSession.ScreenshotAsync(ana, "admin-setup-10-desktop-faq");
        await ana.Context.CloseAsync();
        await visitor.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_edits_a_user_sees_the_problem_by_the_field_and_deactivating_after_confirming_signs_the_user_out_at_once()
    {
        using var api = await AgentAsync("admin", available: false);
        await api.PostAsync("/api/users", new CreateUser { UserName = "dora", DisplayName = "Dora Diaz", Password = CrmApp.Password, Roles = [Roles.Agent] });
        var dora = await browser.SignInAsync("dora", "/desktop");
        var admin = await browser.SignInAsync("admin");
        await admin.WaitForURLAsync("**/customers");
        await Nav(admin, "Users");

        await admin.GetByRole(AriaRole.Button, new() { Name = "Manage dora" }).ClickAsync();
        var edit = admin.GetByRole(AriaRole.Form, new() { Name = "Edit dora" });
        await edit.GetByLabel("Display name").FillAsync("");
        await edit.GetByLabel("Email").FillAsync("dora-at-example");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await edit.GetByText("Give the user a display name: agents and customers see it.").WaitForAsync();
        await edit.GetByText("This e-mail address does not look right, e.g. ana@example.com.").WaitForAsync();
        await BrowserSession.ScreenshotAsync(admin, "admin-users-1-problems");
        await edit.GetByLabel("Display name").FillAsync("Dora Díaz");
        await edit.GetByLabel("Email").FillAsync("dora@example.com");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await admin.GetByText("Saved dora.").WaitForAsync();
        Assert.Contains("dora@example.com", await admin.Locator("tr[data-user-name=dora]").InnerTextAsync());

        await admin.GetByRole(AriaRole.Button, new() { Name = "Manage dora" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        var confirm = admin.GetByRole(AriaRole.Dialog, new() { Name = "Deactivate dora?" });
        await confirm.WaitForAsync();
        Assert.Contains("signed out at once", await confirm.InnerTextAsync());
        await BrowserSession.ScreenshotAsync(admin, "admin-users-2-confirm-deactivate");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        await admin.GetByText("dora deactivated; their sessions ended.").WaitForAsync();
        Assert.Contains("Deactivated", await admin.Locator("tr[data-user-name=dora]").InnerTextAsync());
        await BrowserSession.ScreenshotAsync(admin, "admin-users-3-deactivated");

        // Dora's open desktop: the next request finds her session ended and the app asks to sign in again.
        await dora.ReloadAsync();
        await dora.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync();
        await BrowserSession.ScreenshotAsync(dora, "admin-users-4-signed-out");
        await dora.Context.CloseAsync();
        await admin.Context.CloseAsync();
    }

    private static async Task Nav(IPage page, string label)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = label, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Level = 1, Name = Headings[label] }).WaitForAsync();
    }

    private static readonly Dictionary<string, string> Headings = new()
    {
        ["Queues"] = "Queues", ["Users"] = "Users", ["Agents"] = "Agents", ["Wrap-up & breaks"] = "Wrap-up and breaks", ["FAQ"] = "FAQ answers",
    };

    private static ILocator QueueRow(IPage page, string name) => page.Locator($"tr[data-queue='{name}']");

    private static async Task ProfileAsync(IPage page, string agent, string capacity, bool canReject, string[] skills, string[] queues)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit {agent}" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = $"Routing profile of {agent}" });
        await form.GetByLabel("Capacity").SelectOptionAsync(new SelectOptionValue { Label = capacity });
        await form.GetByLabel("May reject offered chats").SetCheckedAsync(canReject);
        foreach (var skill in skills) await form.GetByRole(AriaRole.Group, new() { Name = "Skills" }).GetByLabel(skill).CheckAsync();
        foreach (var queue in queues) await form.GetByRole(AriaRole.Group, new() { Name = "Queues" }).GetByLabel(queue).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await page.GetByText($"Saved {agent}'s profile.").WaitForAsync();
    }

    private static async Task AddItemAsync(ILocator region, string label, params (string Field, string Value)[] values)
    {
        foreach (var (field, value) in values) await region.GetByLabel(field, new() { Exact = true }).FillAsync(value);
        await region.GetByRole(AriaRole.Button, new() { Name = $"Add {label}" }).ClickAsync();
        await region.Locator($"li.catalog-item[data-item='{values[^1].Value}']").WaitForAsync();
    }

    private static async Task Eventually(Func<Task<bool>> probe, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>A user signed in over HTTP on the app's real port; an agent made Available.</summary>
    private async Task<CrmClient> AgentAsync(string userName, bool available = true)
    {
        var client = new CrmClient(browser.App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(browser.BaseUrl),
            HandleCookies = true }));
        await client.PostAsync("/api/auth/login", new Login { UserName = userName, Password = CrmApp.Password });
        if (available) await client.SendAsync<AgentDto>(HttpMethod.Put, "/api/agents/me/state", new SetAgentState { State = "Available" });
        return client;
    }
}

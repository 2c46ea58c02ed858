using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>The real app on a real loopback port, driven by Debian's chromium (never a downloaded browser).</summary>
public class BrowserSession : IAsyncLifetime
{
    public const string ScreenshotFolder = "screenshots";
    private IPlaywright? playwright;
    private readonly List<IBrowserContext> opened = [];

    /// <summary>The demo contact center.</summary>
    public BrowserSession() : this(demo: true) => BrowserCollection.Session = this;

    /// <summary>An app of its own: <paramref name="demo"/> false starts from an empty database with only the admin.</summary>
    protected BrowserSession(bool demo, IDictionary<string, string?>? settings = null) => App = new CrmApp(new TestFolder(), demo, settings);

    /// <summary>A session on an app of the test's own (channel settings pointing at a fake platform, say).</summary>
    internal BrowserSession(CrmApp app) => App = app;

    public CrmApp App { get; }
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on the app's sign-in page, waiting until the app is ready.</summary>
    public async Task<IPage> OpenAsync(string path = "/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
        lock (opened) opened.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("html[data-app-ready=true]");
        return page;
    }

    public async Task<IPage> SignInAsync(string userName, string path = "/")
    {
        var page = await OpenAsync(path);
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(CrmApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByTestId("current-user").WaitForAsync();
        return page;
    }

    /// <summary>
    /// A user over HTTP on the app's real loopback port (Kestrel), signed in with cookies: CrmApp.SignInAsync's default
    /// client goes to http://localhost/ (port 80) here.
    /// </summary>
    public async Task<CrmClient> ApiClientAsync(string userName)
    {
        var client = new CrmClient(App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(BaseUrl),
            AllowAutoRedirect = false,
            HandleCookies = true,
        }));
        await client.PostAsync("/api/auth/login", new Login { UserName = userName, Password = CrmApp.Password });
        return client;
    }

    /// <summary>Keeps a picture of the step under bin/.../screenshots, for a person to look at.</summary>
    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>
    /// Closes every page a test opened, so its desktops' event streams stop before the next test: pages left open kept
    /// their agents connected (taking offers meant for later tests) and made each later test slower than the last.
    /// </summary>
    public async Task ClosePagesAsync()
    {
        IBrowserContext[] contexts;
        lock (opened)
        {
            contexts = [.. opened];
            opened.Clear();
        }
        foreach (var context in contexts) await context.CloseAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
        App.Folder.Dispose();
    }
}

[CollectionDefinition(Name)]
[ClosePagesAfterEachTest]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "browser";

    /// <summary>The collection's one demo app; the tests in it run one after another.</summary>
    internal static BrowserSession? Session { get; set; }
}

/// <summary>Each test in the browser collection starts with no page of an earlier test still open.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ClosePagesAfterEachTestAttribute : Xunit.Sdk.BeforeAfterTestAttribute
{
    public override void After(System.Reflection.MethodInfo methodUnderTest) =>
        BrowserCollection.Session?.ClosePagesAsync().GetAwaiter().GetResult();
}

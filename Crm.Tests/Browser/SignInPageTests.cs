using Microsoft.Playwright;

namespace Crm.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInPageTests(BrowserSession browser)
{
    [Fact]
    public async Task Signing_in_through_the_page_shows_the_users_name_and_their_sections()
    {
        var page = await browser.OpenAsync();
        await BrowserSession.ScreenshotAsync(page, "signin");

        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(CrmApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var user = page.GetByTestId("current-user");
        await user.WaitForAsync();
        Assert.Equal("Administrator", (await user.InnerTextAsync()).Trim());
        Assert.True(await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).IsVisibleAsync());
        await BrowserSession.ScreenshotAsync(page, "signed-in-admin");
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_stays_on_the_sign_in_page()
    {
        var page = await browser.OpenAsync();

        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        Assert.Contains("Invalid user name or password", await alert.InnerTextAsync());
        Assert.EndsWith("/signin", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task Signing_out_returns_to_the_sign_in_page()
    {
        var page = await browser.SignInAsync("admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync();
    }
}

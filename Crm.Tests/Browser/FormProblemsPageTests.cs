using Microsoft.Playwright;

namespace Crm.Tests.Browser;

/// <summary>A form with several problems says each of them at once, once, in words, by its field; limits are stated and refused, never cut.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormProblemsPageTests(BrowserSession browser)
{
    [Fact]
    public async Task A_new_user_with_several_mistakes_sees_every_message_once_by_its_field()
    {
        var page = await browser.SignInAsync("admin", "/admin/users");
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "New user" }).ClickAsync();
            var form = page.GetByRole(AriaRole.Form, new() { Name = "New user" });
            await form.GetByLabel("User name").FillAsync("x");
            await form.GetByLabel("Email").FillAsync("not-an-address");
            await form.GetByLabel("Password").FillAsync("short");
            await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();

            await form.Locator(".field-error").First.WaitForAsync();
            var errors = await form.Locator(".field-error").AllInnerTextsAsync();
            await BrowserSession.ScreenshotAsync(page, "form-problems-1-new-user");
            Assert.Equal(
                ["A user name is 2 to 50 letters, digits, '.', '_' or '-'.", "Give the user a display name.",
                 "Give an email address like name@example.com, or leave it empty.", "A password has at least 8 characters.", "A user needs at least one role."],
                errors.Select(e => e.Trim()));
            var text = await form.InnerTextAsync();
            Assert.Equal("The user was not created. Correct the fields marked below.", (await form.GetByRole(AriaRole.Alert).InnerTextAsync()).Trim());
            Assert.DoesNotContain("field is required", text);
            Assert.DoesNotContain("validation errors occurred", text);

            // A taken name is said once, by the field, not again above the form.
            await form.GetByLabel("User name").FillAsync("agent1");
            await form.GetByLabel("Display name").FillAsync("Another agent");
            await form.GetByLabel("Email").FillAsync("");
            await form.GetByLabel("Password").FillAsync("long-enough-1");
            await form.GetByLabel("Agent", new() { Exact = true }).CheckAsync();
            await form.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
            await form.GetByText("is taken").WaitForAsync();
            await BrowserSession.ScreenshotAsync(page, "form-problems-2-name-taken");
            Assert.Equal(1, await form.GetByText("The user name 'agent1' is taken.").CountAsync());
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_case_note_over_its_limit_is_stated_by_the_field_and_refused_in_words()
    {
        var page = await browser.SignInAsync("agent1", "/cases/1");
        try
        {
            var note = page.GetByLabel("Add a note");
            await note.WaitForAsync();
            Assert.Null(await note.GetAttributeAsync("maxlength"));
            await note.FillAsync(new string('n', 4_100));
            await page.GetByText("4,100 / 4,000").WaitForAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
            await page.GetByText("A note can be at most 4,000 characters (this one has 4,100).").WaitForAsync();
            await BrowserSession.ScreenshotAsync(page, "form-problems-3-case-note-limit");
            Assert.Equal(4_100, (await note.InputValueAsync()).Length); // nothing cut
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}

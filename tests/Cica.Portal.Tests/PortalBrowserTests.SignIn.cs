using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cica.Portal.Tests;

/// <summary>
/// Sign-in proves who the desk officer is: the portal accepts only a bearer token the platform
/// itself accepts, takes the country (or the Secretariat) from it, and the session ends with it.
/// </summary>
public sealed partial class PortalBrowserTests
{
    [Fact]
    public async Task A_forged_token_is_refused_next_to_the_field_and_signs_nobody_in()
    {
        var page = await fixture.NewPageAsync();
        var forged = TestTokens.Foreign("member-state", "RUS", keyBase64: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await PortalFixture.SubmitTokenAsync(page, forged);

        await Assertions.Expect(page.Locator("#token-error")).ToHaveTextAsync(new Regex("^The platform does not trust this token"));
        await Assertions.Expect(page.GetByLabel("Access token")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Please correct the fields marked below.");
        await PortalFixture.ScreenshotAsync(page, "signin-refused");
        await page.GotoAsync("/areas");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin$"));
    }

    [Fact]
    public async Task An_expired_token_or_an_observers_is_refused_in_the_chosen_language()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await PortalFixture.SubmitTokenAsync(page, TestTokens.Expired("member-state", "RUS"));
        await Assertions.Expect(page.Locator("#token-error")).ToHaveTextAsync("This token has expired: issue a new one.");

        await PortalFixture.SubmitTokenAsync(page, TestTokens.For("observer"), language: "ru");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Assertions.Expect(page.Locator("#token-error")).ToContainTextAsync("ни Секретариату, ни государству-члену");

        await PortalFixture.SubmitTokenAsync(page, "not a token");
        await Assertions.Expect(page.Locator("#token-error")).ToContainTextAsync("This is not a token");
        await page.GotoAsync("/silence");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin$"));
    }

    [Fact]
    public async Task A_country_token_sees_only_that_countrys_areas_and_no_Secretariat_page()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");
        await Assertions.Expect(page.Locator("#actor")).ToHaveTextAsync("RUS");
        await Assertions.Expect(page.Locator("article", new() { HasText = IctArea })).ToContainTextAsync("Coordinator");
        await Assertions.Expect(page.Locator("article", new() { HasText = TerrorismArea })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Coordinator list amendments" })).ToHaveCountAsync(0);

        // Asking for India's areas in the address changes nothing: the country is the token's.
        await page.GotoAsync("/areas?country=IND");
        await Assertions.Expect(page.Locator("article", new() { HasText = IctArea })).ToContainTextAsync("Coordinator");
        await Assertions.Expect(page.Locator("article", new() { HasText = TerrorismArea })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Country")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_Secretariat_token_sees_the_Secretariat_pages()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "secretariat");
        await Assertions.Expect(page.Locator("#actor")).ToHaveTextAsync("CICA Secretariat");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        // Read, not refused (the trail may still be empty when this test runs first).
        await Assertions.Expect(page.GetByLabel("Service")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Coordinator list amendments" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Amend the list" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_token_printed_by_the_platforms_token_command_signs_in_where_the_development_key_is_trusted()
    {
        using var data = new TempDirectory();
        var (exit, output) = await PlatformCommand.RunAsync(data.Path, ["token", "--role", "member-state", "--country", "RUS"], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
        var token = output.Split('\n').Select(l => l.Trim()).Single(l => Regex.IsMatch(l, @"^[\w-]+\.[\w-]+\.[\w-]+$"));
        // The embedded default: the development key of the data directory is trusted (and the test run's is not).
        await using var platform = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Security:Jwt:Issuer"] = "cica-development",
            ["Security:Jwt:SigningKeys:0"] = "",
            ["Security:Jwt:TrustDevelopmentKey"] = "true",
        }, overrideServices: s => s.AddSingleton<TimeProvider>(new FixedClock(PortalFixture.Now)));

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = platform.PortalAddress!.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await PortalFixture.SubmitTokenAsync(page, token);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas$"));
        await Assertions.Expect(page.Locator("#actor")).ToHaveTextAsync("RUS");
        await Assertions.Expect(page.Locator("article", new() { HasText = IctArea })).ToContainTextAsync("Coordinator");

        // The test run's tokens, trusted by every other host of these tests, are not trusted here.
        var stranger = await context.NewPageAsync();
        await PortalFixture.SubmitTokenAsync(stranger, PortalFixture.TokenOf("RUS"));
        await Assertions.Expect(stranger.Locator("#token-error")).ToContainTextAsync("The platform does not trust this token");
        await context.DisposeAsync();
    }

    [Fact]
    public async Task The_session_ends_when_its_token_expires()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await page.GotoAsync("/signin");
        // A token of the trusted key that lives a few seconds: long enough to sign in with.
        var lifetime = TimeSpan.FromSeconds(5);
        var until = DateTimeOffset.UtcNow + lifetime;
        await page.GetByLabel("Access token").FillAsync(TestTokens.Foreign("member-state", "RUS", lifetime: lifetime));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas$"));

        var wait = until - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
        await page.GotoAsync("/areas");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/signin$"));
    }
}

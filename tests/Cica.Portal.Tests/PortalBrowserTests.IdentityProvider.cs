using System.Text.RegularExpressions;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cica.Portal.Tests;

/// <summary>
/// Production sign-in: with <c>Portal:Oidc</c> naming an identity provider, the portal sends the
/// desk officer there (authorization code flow with PKCE), redeems the code, and forwards the
/// provider's access token to the platform, which trusts the provider through Security:Jwt (its
/// issuer, and its public key from a file or found at its Authority's jwks_uri). A minimal provider (<see cref="TestIdentityProvider"/>) on loopback,
/// the real browser.
/// </summary>
public sealed partial class PortalBrowserTests
{
    [Theory]
    [InlineData("key file")]
    [InlineData("authority")]
    public async Task A_desk_officer_signs_in_at_the_identity_provider_and_the_platform_accepts_its_access_token(string trust)
    {
        await using var idp = await TestIdentityProvider.StartAsync();
        using var data = new TempDirectory();
        var keyFile = Path.Combine(data.Path, TestIdentityProvider.KeyId);
        await File.WriteAllTextAsync(keyFile, idp.PublicKeyPem);
        await using var platform = await PlatformHost.StartAsync(Path.Combine(data.Path, "platform"), new Dictionary<string, string>
        {
            // The platform trusts the provider, and only it (not the test run's own key).
            ["Security:Jwt:Issuer"] = idp.Issuer,
            ["Security:Jwt:SigningKeys:0"] = "",
            [trust == "authority" ? "Security:Jwt:Authority" : "Security:Jwt:SigningKeyFiles:0"] = trust == "authority" ? idp.Issuer : keyFile,
            ["Security:Jwt:RequireHttpsMetadata"] = "false",
            ["Portal:Oidc:Authority"] = idp.Issuer,
            ["Portal:Oidc:ClientId"] = TestIdentityProvider.ClientId,
            ["Portal:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret,
            ["Portal:Oidc:Scopes:0"] = "cica-platform",
            ["Portal:Oidc:RequireHttpsMetadata"] = "false",   // the provider is on plain-http loopback
        }, overrideServices: s => s.AddSingleton<TimeProvider>(new FixedClock(PortalFixture.Now)));

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = platform.PortalAddress!.ToString().TrimEnd('/'),
            Locale = "en-GB",
            TimezoneId = "Europe/Moscow",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await Assertions.Expect(page.GetByLabel("Access token")).ToHaveCountAsync(0);   // nothing to paste: the provider proves who signs in
        await PortalFixture.ScreenshotAsync(page, "signin-identity-provider");
        await page.GetByLabel("Interface language").SelectOptionAsync("ru");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with the identity provider" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas$"));
        await Assertions.Expect(page.Locator("#actor")).ToHaveTextAsync("RUS");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");   // the choice survived the round trip
        // Read through the gateway and CBM with the provider's access token, the portal's only credential.
        await Assertions.Expect(page.Locator("article", new() { HasText = IctArea })).ToContainTextAsync("Координатор");

        Assert.True(idp.Authorizations.TryPeek(out var asked));
        Assert.Equal("code", asked["response_type"]);
        Assert.Equal("S256", asked["code_challenge_method"]);
        Assert.Equal(new Uri(platform.PortalAddress!, "/signin-oidc").ToString(), asked["redirect_uri"]);
        Assert.Contains("cica-platform", asked["scope"].ToString().Split(' '));
        Assert.Equal(1, idp.Redeemed);   // the token endpoint checked the secret and the PKCE verifier

        // An identity whose access token names no desk officer (an observer) is sent back with the reason.
        idp.SignsInAs = ("observer", null);
        var other = await (await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = platform.PortalAddress!.ToString().TrimEnd('/') })).NewPageAsync();
        await other.GotoAsync("/signin");
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign in with the identity provider" }).ClickAsync();
        await Assertions.Expect(other).ToHaveURLAsync(new Regex("/signin\\?failed=tokenNotDeskOfficer$"));
        await Assertions.Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("neither the Secretariat nor a member state");
        await other.GotoAsync("/areas");
        await Assertions.Expect(other).ToHaveURLAsync(new Regex("/signin$"));
        await context.DisposeAsync();
        await other.Context.DisposeAsync();
    }

    // Only the wall-clock reading is replaced, as in PortalFixture.
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

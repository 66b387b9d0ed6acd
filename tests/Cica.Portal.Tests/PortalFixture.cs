using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Cica.Portal.Tests;

/// <summary>
/// The platform in-process (with the portal's endpoint on a free port) on a clock set to 12 October
/// 2022, 05:00 UTC (10:00 in Astana: before the DRAFT/8 silence deadline of 15:00), and one headless
/// Debian Chromium driven by Playwright.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    /// <summary>The platform's clock: 2022-10-12T05:00:00Z.</summary>
    public static readonly DateTimeOffset Now = new(2022, 10, 12, 5, 0, 0, TimeSpan.Zero);

    /// <summary>Debian's Chromium (Playwright's own browser download does not work here).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TempDirectory _data = new();
    private IPlaywright? _playwright;

    /// <summary>The platform.</summary>
    public PlatformHost Host { get; private set; } = null!;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the portal's pages are.</summary>
    public Uri Portal => Host.PortalAddress ?? throw new InvalidOperationException("The platform serves no portal endpoint.");

    /// <summary>When set (CICA_PORTAL_SCREENSHOTS=dir), the tests save screenshots of the main pages there.</summary>
    public static string? ScreenshotDirectory => Environment.GetEnvironmentVariable("CICA_PORTAL_SCREENSHOTS") is { Length: > 0 } d ? d : null;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Host = await PlatformHost.StartAsync(_data.Path, overrideServices: s => s.AddSingleton<TimeProvider>(new FixedClock(Now)));
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies), optionally without script.</summary>
    public async Task<IPage> NewPageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.ToString().TrimEnd('/'),
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1100, Height = 800 },
            Locale = "en-GB",
            TimezoneId = "Europe/Moscow",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Signs in on the sign-in page as <paramref name="actor"/> ("RUS", "secretariat"): pastes a
    /// token of the test run's identity provider (what the platform's <c>token</c> command prints
    /// for the embedded default) and waits for "My areas".
    /// </summary>
    public static async Task SignInAsync(IPage page, string actor, string language = "en", string timeZone = "Europe/Moscow")
    {
        await SubmitTokenAsync(page, TokenOf(actor), language, timeZone);
        // Not WaitForURLAsync: its check-then-subscribe can miss the load event it waits for
        // (microsoft/playwright-dotnet#3364; it failed a CI run). The assertion polls the address.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/areas$"));
    }

    /// <summary>A token for <paramref name="actor"/> ("secretariat" or a member state's code).</summary>
    public static string TokenOf(string actor) =>
        actor == "secretariat" ? TestTokens.For("secretariat") : TestTokens.For("member-state", actor);

    /// <summary>Fills in the sign-in page with <paramref name="token"/> and submits it (whatever the outcome).</summary>
    public static async Task SubmitTokenAsync(IPage page, string token, string language = "en", string timeZone = "Europe/Moscow")
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Access token").FillAsync(token);
        await page.GetByLabel("Interface language").SelectOptionAsync(language);
        await page.Locator("#tz").FillAsync(timeZone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Saves a screenshot of the page when screenshots are asked for.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotDirectory is not { } dir) return;
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        _data.Dispose();
    }

    // Only the wall-clock reading is replaced: timers and elapsed-time measurements keep the system's.
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

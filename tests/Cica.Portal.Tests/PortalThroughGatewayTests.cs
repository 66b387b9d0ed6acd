using Cica.Contracts.Cbm.V1;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cica.Portal.Tests;

/// <summary>
/// The portal as one more client of the public API: a portal process that knows only the gateway's
/// address (Portal:Services:gateway), the gateway in a process of its own forwarding to the services
/// in a third. A desk officer signs in and reports an activity; it is written by CBM; the Secretariat
/// reads it in CBM's audit trail, which the gateway fetches from CBM.
/// </summary>
public sealed class PortalThroughGatewayTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const string IctArea = "priorityAreas/new-challenges-and-threats-3";

    [Fact]
    public async Task A_portal_that_knows_only_the_gateway_reads_and_writes_through_it()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        void Clock(IServiceCollection s) => s.AddSingleton<TimeProvider>(new FixedClock(PortalFixture.Now));
        Dictionary<string, string> As(string services, params (string Key, string Value)[] more)
        {
            var settings = new Dictionary<string, string> { ["Cica:Services"] = services, ["Messaging:RabbitMq"] = broker };
            foreach (var (key, value) in more) settings[key] = value;
            return settings;
        }

        await using var services = await PlatformHost.StartAsync(Path.Combine(data.Path, "services"),
            As("membership,cbm,chairmanship,concept-papers"), overrideServices: Clock);
        var address = services.Address.ToString();
        await using var gateway = await PlatformHost.StartAsync(Path.Combine(data.Path, "gateway"), As("gateway",
            ("Gateway:Services:membership", address), ("Gateway:Services:cbm", address),
            ("Gateway:Services:chairmanship", address), ("Gateway:Services:concept-papers", address)), overrideServices: Clock);
        await using var portal = await PlatformHost.StartAsync(Path.Combine(data.Path, "portal"), As("portal",
            ("Portal:Services:gateway", gateway.Address.ToString())), waitUntilServing: false, overrideServices: Clock); // it serves pages, no gRPC service of its own

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = portal.PortalAddress!.ToString().TrimEnd('/'),
            Locale = "en-GB",
            TimezoneId = "Europe/Moscow",
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");          // the sign-in page lists Membership's states; "My areas" reads CBM
        await Assertions.Expect(page.Locator("article", new() { HasText = IctArea })).ToContainTextAsync("Coordinator");

        await page.GotoAsync("/report?area=" + Uri.EscapeDataString(IctArea));
        await page.GetByLabel("Title (English)").FillAsync("Expert meeting on ICT points of contact, via the gateway");
        await page.GetByLabel("Kind").SelectOptionAsync("Meeting");
        await page.GetByLabel("Date").FillAsync("2022-11-21");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The activity was recorded.");

        var listed = await services.Client<CbmCoordinationService.CbmCoordinationServiceClient>()
            .ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = IctArea, PageSize = 100 });
        Assert.Contains(listed.Activities, a => a.Title.En == "Expert meeting on ICT points of contact, via the gateway" && a.ReportedBy.CountryCode == "RUS");
        await context.DisposeAsync();

        // The Secretariat reads CBM's audit trail in the portal: the gateway asks CBM for it.
        var secretariat = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.PortalAddress!.ToString().TrimEnd('/') });
        secretariat.SetDefaultTimeout(30_000);
        page = await secretariat.NewPageAsync();
        await PortalFixture.SignInAsync(page, "secretariat");
        await page.GotoAsync("/audit?service=cbm");
        var latest = page.Locator("#audit tbody tr").First;
        await Assertions.Expect(latest).ToContainTextAsync("ReportActivity");
        await Assertions.Expect(latest).ToContainTextAsync("RUS");
        await secretariat.DisposeAsync();
    }

    // Only the wall-clock reading is replaced, as in PortalFixture.
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Chairmanship.V1;
using Cica.Testing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;

namespace Cica.Portal.Tests;

/// <summary>
/// A desk officer's work in the portal, in headless Chromium against the real platform: signed in
/// as the Russian Federation, coordinator of the ICT area (priorityAreas/new-challenges-and-threats-3)
/// for 2022-2023, on 12 October 2022.
/// </summary>
public sealed partial class PortalBrowserTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const string IctArea = "priorityAreas/new-challenges-and-threats-3";
    private const string TerrorismArea = "priorityAreas/new-challenges-and-threats-1"; // India's

    [Fact]
    public async Task Coordinator_sees_their_area_reports_an_activity_and_sees_it_in_the_dossier()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");

        var area = page.Locator("article", new() { HasText = IctArea });
        await Assertions.Expect(area).ToContainTextAsync("Coordinator");
        await Assertions.Expect(area).ToContainTextAsync("2022 – 2023");
        await Assertions.Expect(area).ToContainTextAsync("CHN");               // the co-coordinator
        await PortalFixture.ScreenshotAsync(page, "my-areas");

        await area.GetByRole(AriaRole.Link, new() { Name = "Report an activity" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Priority area")).ToHaveValueAsync(IctArea);
        await page.GetByLabel("Title (English)").FillAsync("Workshop on ICT confidence building measures, Moscow");
        await page.GetByLabel("Kind").SelectOptionAsync("Workshop");
        await page.GetByLabel("Date").FillAsync("2022-11-15");
        await page.GetByLabel("Status").SelectOptionAsync("Planned");
        await page.GetByLabel("Description").FillAsync("Experts of the member states on points of contact.");
        await PortalFixture.ScreenshotAsync(page, "report-activity");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The activity was recorded.");
        await Assertions.Expect(page.Locator("#activities")).ToContainTextAsync("Workshop on ICT confidence building measures, Moscow");
        await PortalFixture.ScreenshotAsync(page, "activities");

        await page.GetByRole(AriaRole.Link, new() { Name = "Country dossier" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dossier-activities")).ToContainTextAsync("Workshop on ICT confidence building measures, Moscow");
        await PortalFixture.ScreenshotAsync(page, "dossier");
    }

    [Fact]
    public async Task Reporting_for_an_area_not_coordinated_is_refused()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");

        await page.GotoAsync("/report?area=" + Uri.EscapeDataString(TerrorismArea));
        await page.GetByLabel("Title (English)").FillAsync("Seminar on counter-terrorism");
        await page.GetByLabel("Kind").SelectOptionAsync("Meeting");
        await page.GetByLabel("Date").FillAsync("2022-11-20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You may not do this:");
        await PortalFixture.ScreenshotAsync(page, "refusal");
        var listed = await fixture.Host.Client<CbmCoordinationService.CbmCoordinationServiceClient>()
            .ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = TerrorismArea, PageSize = 100 });
        Assert.DoesNotContain(listed.Activities, a => a.Title.En == "Seminar on counter-terrorism");
    }

    [Fact]
    public async Task The_api_field_violations_are_shown_next_to_the_fields()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");

        await page.GotoAsync("/report?area=" + Uri.EscapeDataString(IctArea));
        await page.GetByLabel("Date").FillAsync("2022-11-21");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Please correct the fields marked below.");
        await Assertions.Expect(page.Locator("#activity-title-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#activity-kind-error")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_stale_edit_says_someone_else_changed_the_activity_and_shows_the_current_values()
    {
        var cbm = fixture.Host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        var reported = (await cbm.ReportActivityAsync(new ReportActivityRequest
        {
            Activity = new Activity
            {
                PriorityArea = IctArea, Title = new() { En = "Experts meeting on ICT terminology" },
                Kind = ActivityKind.ExpertsMeeting, Status = ActivityStatus.Planned, Date = new() { Year = 2022, Month = 12, Day = 1 },
            },
        }, Callers.MemberState("RUS"))).Activity;

        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");
        await page.GotoAsync("/activity?name=" + Uri.EscapeDataString(reported.Name));
        await Assertions.Expect(page.GetByLabel("Title (English)")).ToHaveValueAsync("Experts meeting on ICT terminology");

        // Meanwhile a colleague records the outcome through the API.
        await cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = reported.Name, Outcome = "Glossary agreed" },
            UpdateMask = new FieldMask { Paths = { "outcome" } },
        }, Callers.MemberState("RUS"));

        await page.GetByLabel("Status").SelectOptionAsync("Postponed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Someone else changed this activity");
        await Assertions.Expect(page.GetByLabel("Outcome")).ToHaveValueAsync("Glossary agreed");
        await Assertions.Expect(page.GetByLabel("Status")).ToHaveValueAsync("Planned");
        var current = (await cbm.GetActivityAsync(new GetActivityRequest { Name = reported.Name })).Activity;
        Assert.Equal(ActivityStatus.Planned, current.Status);

        // Saved again on the current values, it goes through.
        await page.GetByLabel("Status").SelectOptionAsync("Postponed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The activity was updated.");
        await PortalFixture.ScreenshotAsync(page, "update-activity");
    }

    [Fact]
    public async Task A_member_state_breaks_silence_before_the_deadline()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");
        await page.GetByRole(AriaRole.Link, new() { Name = "Silence procedures" }).ClickAsync();

        var procedure = page.Locator("article", new() { HasText = "SUM/2022/DRAFT/8" });
        await Assertions.Expect(procedure.Locator("time.deadline")).ToHaveTextAsync("2022-10-12 15:00 (Asia/Almaty)");
        await Assertions.Expect(procedure.Locator("time.deadline")).ToHaveAttributeAsync("datetime", "2022-10-12T09:00:00Z");
        await Assertions.Expect(procedure).ToContainTextAsync("2022-10-12 12:00 (Europe/Moscow, UTC+03:00)");
        await Assertions.Expect(procedure.Locator(".countdown")).ToHaveTextAsync("0 d 4 h 0 min");
        await PortalFixture.ScreenshotAsync(page, "silence");

        await procedure.GetByLabel("Kind").SelectOptionAsync("Objection");
        await procedure.GetByLabel("Text").FillAsync("The Russian Federation asks for more time to consult its capital.");
        await procedure.GetByRole(AriaRole.Button, new() { Name = "Break silence" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your break of silence was recorded.");
        var name = await page.Locator("article", new() { HasText = "SUM/2022/DRAFT/8" }).Locator("input[name=procedure]").InputValueAsync();
        var recorded = (await fixture.Host.Client<ChairmanshipService.ChairmanshipServiceClient>()
            .GetSilenceProcedureAsync(new GetSilenceProcedureRequest { Name = name })).SilenceProcedure;
        Assert.Contains(recorded.Breaks, b => b.CountryCode == "RUS" && b.Kind == SilenceBreakKind.Objection);
        await Assertions.Expect(page.Locator("article", new() { HasText = "SUM/2022/DRAFT/8" }).Locator(".breaks")).ToContainTextAsync("RUS");
    }

    [Fact]
    public async Task Pages_are_read_without_script_in_each_interface_language()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await PortalFixture.SignInAsync(page, "RUS", language: "ru");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Мои направления");
        await Assertions.Expect(page.Locator("article", new() { HasText = IctArea })).ToContainTextAsync("Безопасность ИКТ");

        await page.GotoAsync("/papers");
        var first = page.Locator("#papers a").First;
        await first.ClickAsync();
        await Assertions.Expect(page.Locator("#paper-text h2")).ToBeVisibleAsync();
        var languages = await page.Locator("nav[aria-label='Читать на языке'] a").AllTextContentsAsync();
        Assert.NotEmpty(languages);
        foreach (var language in languages)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = language, Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("nav strong[aria-current=page]")).ToHaveTextAsync(language);
            await Assertions.Expect(page.Locator("#paper-text h2")).ToBeVisibleAsync();
        }
        // The English text (the authoritative one) is read section by section.
        await page.GetByRole(AriaRole.Link, new() { Name = "English", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#paper-text section p").First).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "concept-paper");
    }

    [Fact]
    public async Task Pages_are_answered_on_the_portal_endpoint_only_and_require_sign_in()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var onPortal = await http.GetAsync(new Uri(fixture.Portal, "/areas"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, onPortal.StatusCode);
        Assert.Equal("/signin", onPortal.Headers.Location?.ToString());
        var signIn = await http.GetStringAsync(new Uri(fixture.Portal, "/signin"));
        Assert.Contains("<label for=\"token\">", signIn, StringComparison.Ordinal);
        var onRest = await http.GetAsync(new Uri(fixture.Host.RestAddress!, "/signin"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, onRest.StatusCode);
    }
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;
using Microsoft.Playwright;

namespace Cica.Portal.Tests;

/// <summary>
/// The pages of the Secretariat (a country picker, the coordinator list amendments, the audit
/// trail), the live event feed, and a draft's changes against the approved paper.
/// </summary>
public sealed partial class PortalBrowserTests
{
    [Fact]
    public async Task Secretariat_picks_a_country_and_sees_its_areas_with_the_concept_paper_and_initiatives()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "secretariat");
        await page.GetByLabel("Country").SelectOptionAsync("RUS");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();

        var area = page.Locator("article", new() { HasText = IctArea });
        await Assertions.Expect(area).ToContainTextAsync("2022 – 2023");
        await Assertions.Expect(area.Locator("ul.papers")).ToContainTextAsync("Security of and in the use of ICTs");
        await Assertions.Expect(area.Locator("ul.papers")).ToContainTextAsync("approved");
        await Assertions.Expect(area.Locator("table.initiatives")).ToContainTextAsync("Sustainable and safe development of the Internet");
    }

    [Fact]
    public async Task Secretariat_amends_the_coordinator_list_sees_the_amendment_listed_and_in_the_audit_trail()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "secretariat");
        await page.GetByRole(AriaRole.Link, new() { Name = "Coordinator list amendments" }).ClickAsync();

        await page.GetByLabel("Body").SelectOptionAsync("SeniorOfficialsCommittee");
        await page.GetByLabel("Meeting").FillAsync("SOC meeting, Astana, 10-12 October 2022");
        await page.GetByLabel("Date of the decision").FillAsync("2022-10-12");
        await page.GetByLabel("Item number").FillAsync("11");
        await page.GetByLabel("Takes effect on").FillAsync("2022-10-12");
        await page.GetByLabel("Add an assignment", new() { Exact = true }).CheckAsync();
        await page.Locator("#area").SelectOptionAsync("priorityAreas/environment-1");
        await page.Locator("#amend-country").SelectOptionAsync("KGZ");
        await page.Locator("#role").SelectOptionAsync("CoCoordinator");
        await page.GetByLabel("Term from").FillAsync("2022");
        await page.GetByLabel("Term until").FillAsync("2023");
        await page.GetByRole(AriaRole.Button, new() { Name = "Amend the list" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The list was amended: 1 assignment(s) started, 0 ended, in effect from 2022-10-12.");
        var newest = page.Locator("#amendments article").First;
        await Assertions.Expect(newest).ToContainTextAsync("item 11");
        await Assertions.Expect(newest).ToContainTextAsync("priorityAreas/environment-1");
        await Assertions.Expect(newest).ToContainTextAsync("(KGZ)");
        await page.GetByLabel("Priority area", new() { Exact = true }).SelectOptionAsync("priorityAreas/environment-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("#amendments article").First).ToContainTextAsync("(KGZ)");
        await PortalFixture.ScreenshotAsync(page, "amendments");

        var assigned = await fixture.Host.Client<CbmCoordinationService.CbmCoordinationServiceClient>().ListCoordinatorAssignmentsAsync(
            new ListCoordinatorAssignmentsRequest { PriorityArea = "priorityAreas/environment-1", CountryCode = "KGZ", PageSize = 10 });
        Assert.Contains(assigned.CoordinatorAssignments, a => a.Role == CoordinatorRole.CoCoordinator && a.Decision.Item == 11);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" }).ClickAsync();
        await page.GetByLabel("Service").SelectOptionAsync("cbm");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var latest = page.Locator("#audit tbody tr").First;
        await Assertions.Expect(latest).ToContainTextAsync("AmendCoordinatorList");
        await Assertions.Expect(latest).ToContainTextAsync("secretariat");
        await Assertions.Expect(latest).ToContainTextAsync("OK");
        await PortalFixture.ScreenshotAsync(page, "audit");
    }

    [Fact]
    public async Task The_audit_trail_is_the_Secretariats_only()
    {
        var page = await fixture.NewPageAsync(javaScript: false);
        await PortalFixture.SignInAsync(page, "RUS");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" })).ToHaveCountAsync(0);
        await page.GotoAsync("/audit?service=cbm");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You may not do this:");
        await Assertions.Expect(page.Locator("#audit")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_feed_page_shows_a_reported_activity_as_it_happens_and_without_script_after_a_reload()
    {
        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");
        await page.GetByRole(AriaRole.Link, new() { Name = "Country dossier" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Live events about this country" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Live events — RUS");

        const string title = "Round table on ICT incident response, Kazan";
        await fixture.Host.Client<CbmCoordinationService.CbmCoordinationServiceClient>().ReportActivityAsync(new ReportActivityRequest
        {
            Activity = new Activity
            {
                PriorityArea = IctArea, Title = new() { En = title }, Kind = ActivityKind.Meeting,
                Status = ActivityStatus.Planned, Date = new() { Year = 2022, Month = 12, Day = 5 },
            },
        }, Callers.MemberState("RUS"));

        // Without a reload: the page's script follows the stream.
        var row = page.Locator("#feed tbody tr", new() { HasText = title });
        // Through RabbitMQ, the gateway's feed and the portal's relay: allow a loaded machine its time.
        await Assertions.Expect(row).ToContainTextAsync("ActivityReported", new() { Timeout = 20_000 });
        await Assertions.Expect(row).ToContainTextAsync(IctArea);
        await Assertions.Expect(page.Locator("#feed-status")).ToContainTextAsync("New events since the page was loaded: ");
        await PortalFixture.ScreenshotAsync(page, "feed");

        // Without script, in Kazakh: the server renders the newest events (and the page reloads itself).
        var plain = await fixture.NewPageAsync(javaScript: false);
        await PortalFixture.SignInAsync(plain, "RUS", language: "kk");
        await plain.GotoAsync("/feed?country=RUS");
        await Assertions.Expect(plain.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Нақты уақыттағы оқиғалар");
        await Assertions.Expect(plain.Locator("#feed tbody tr", new() { HasText = title })).ToContainTextAsync("ActivityReported");
        Assert.Contains("http-equiv=\"refresh\"", await plain.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_shows_its_changes_against_the_approved_paper_section_by_section()
    {
        var papers = fixture.Host.Client<ConceptPapersService.ConceptPapersServiceClient>();
        var approved = (await papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest
        { PriorityArea = IctArea, Status = PolicyDocumentStatus.Approved, PageSize = 10 })).PolicyDocuments.Single();
        var english = approved.CurrentRevision.Versions.Single(v => v.Language == "en").Clone();
        english.Title = "Concept Paper on the security of and in the use of ICTs for 2024-2025 (draft)";
        var objectives = english.Body.Sections.Single(s => s.Heading.StartsWith("2. Objectives", StringComparison.Ordinal));
        var dropped = objectives.Blocks[^1].Text;
        objectives.Blocks.RemoveAt(objectives.Blocks.Count - 1);
        objectives.Blocks.Add(new Block { Kind = BlockKind.Paragraph, Text = "Building a network of national points of contact on ICT incidents." });
        english.Body.Sections.Add(new Section { Heading = "5. Follow-up", Blocks = { new Block { Kind = BlockKind.Paragraph, Text = "The coordinators report to the SOC every year." } } });
        var draft = (await papers.CreatePolicyDocumentAsync(new CreatePolicyDocumentRequest
        {
            Kind = PolicyDocumentKind.ConceptPaperWithPlan, PriorityArea = IctArea,
            Period = new() { Start = new() { Year = 2024 }, End = new() { Year = 2025 } },
            Content = new RevisionContent { Versions = { english }, AuthoritativeLanguage = "en" },
        }, Callers.MemberState("RUS"))).PolicyDocument;

        var page = await fixture.NewPageAsync();
        await PortalFixture.SignInAsync(page, "RUS");
        await page.GotoAsync("/papers?name=" + Uri.EscapeDataString(draft.Name));
        await page.GetByRole(AriaRole.Link, new() { Name = "Changes against the approved revision" }).ClickAsync();

        await Assertions.Expect(page.Locator("#compared")).ToContainTextAsync("Approved: Concept Paper and plan of implementation");
        await Assertions.Expect(page.Locator(".changed-title")).ToHaveTextAsync("The title changed.");
        var modified = page.Locator("section.change-modified");
        await Assertions.Expect(modified.GetByRole(AriaRole.Heading)).ToHaveTextAsync("2. Objectives of the confidence-building measure");
        await Assertions.Expect(modified.Locator("ins")).ToHaveTextAsync("Building a network of national points of contact on ICT incidents.");
        await Assertions.Expect(modified.Locator("del")).ToContainTextAsync(dropped);
        await Assertions.Expect(page.Locator("section.change-added")).ToContainTextAsync("5. Follow-up");
        await Assertions.Expect(page.Locator("section.change-unchanged").First).ToContainTextAsync("Unchanged");
        await PortalFixture.ScreenshotAsync(page, "changes");
    }
}

using System.Text.Json;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// The documents of SOC/DOC/1289 as the platform serves them after its first start: structure,
/// languages, approval, initiatives and search, each counted against deploy/seed/concept_papers.json.
/// </summary>
public sealed class SeedDocumentTests(PapersPlatform platform) : IClassFixture<PapersPlatform>
{
    private static readonly JsonElement Seed = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "deploy", "seed", "concept_papers.json"))).RootElement;

    private ConceptPapersService.ConceptPapersServiceClient Papers => platform.Papers;

    [Fact]
    public async Task Every_seed_document_comes_back_with_its_sections_items_and_texts_intact()
    {
        var documents = (await platform.SnapshotAsync()).Documents;
        var expected = Seed.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(expected.Count, documents.Count);
        foreach (var (seed, document) in expected.Zip(documents))
        {
            Assert.Equal(seed.GetProperty("title").GetProperty("en").GetString(), document.Title.En);
            var english = document.CurrentRevision.Versions.Single(v => v.Language == "en");
            var sections = seed.GetProperty("sections").EnumerateArray().ToList();
            Assert.Equal(sections.Count, english.Body.Sections.Count);
            foreach (var (s, section) in sections.Zip(english.Body.Sections))
            {
                Assert.Equal(s.GetProperty("heading").GetString(), section.Heading);
                var blocks = s.GetProperty("blocks").EnumerateArray().ToList();
                Assert.Equal(blocks.Select(b => b.GetProperty("text").GetString()), section.Blocks.Select(b => b.Text));
                Assert.Equal(blocks.Select(b => b.TryGetProperty("label", out var l) ? l.GetString() ?? "" : ""), section.Blocks.Select(b => b.Label));
            }
        }
    }

    [Fact]
    public async Task The_three_concept_papers_are_approved_by_decisions_7_8_and_9_of_the_SOC()
    {
        var documents = (await platform.SnapshotAsync()).Documents;
        var approved = documents.Where(d => d.Status == PolicyDocumentStatus.Approved).ToList();
        Assert.Equal([7, 8, 9], approved.Select(d => d.Approval.Item));
        Assert.All(approved, d =>
        {
            Assert.Equal((DecisionBody.SeniorOfficialsCommittee, "SOC/DOC/1289"), (d.Approval.Body, d.Approval.Document.Value));
            Assert.True(d.CurrentRevision.Approved);
        });
        Assert.Equal(["priorityAreas/economic-5", "priorityAreas/human", "priorityAreas/new-challenges-and-threats-3"], approved.Select(d => d.PriorityArea));
        Assert.Equal(["AZE", "UZB", "RUS"], approved.Select(d => d.ProposingCountry));
        var period = approved[0].Period;
        Assert.Equal((2022, 2023), (period.Start.Year, period.End.Year));
        Assert.Equal(PolicyDocumentKind.ConceptPaperWithPlan, approved[2].Kind);
    }

    [Fact]
    public async Task The_Plan_of_Action_is_submitted_to_the_Summit_with_the_SOC_recommendation_and_four_pillars_of_numbered_measures()
    {
        var plan = await platform.SeededAsync("Draft CICA Plan of Action");
        Assert.Equal((PolicyDocumentStatus.Submitted, PolicyDocumentKind.PlanOfAction, "SUM/2022/DRAFT/6", 4, false),
            (plan.Status, plan.Kind, plan.DocumentSymbol.Value, plan.Recommendation.Item, plan.CurrentRevision.Approved));
        Assert.Null(plan.Approval);
        var sections = plan.CurrentRevision.Versions.Single(v => v.Language == "en").Body.Sections;
        Assert.Equal(13, sections[0].Blocks.Count(b => b.Kind == BlockKind.PreambularParagraph));
        var pillars = sections.Skip(1).ToList();
        Assert.All(pillars, p => Assert.StartsWith("Pillar ", p.Heading, StringComparison.Ordinal));
        Assert.Equal([7, 12, 7, 3], pillars.Select(p => p.Blocks.Count(b => b.Kind == BlockKind.NumberedItem)));
        Assert.Equal(["1.", "2.", "3."], pillars[3].Blocks.Where(b => b.Kind == BlockKind.NumberedItem).Select(b => b.Label));
    }

    [Fact]
    public async Task The_papers_keep_their_structure_directions_objectives_and_lettered_items()
    {
        var transport = (await platform.SeededAsync("Concept Paper on implementation of CICA Confidence Building Measures in the field of Development"))
            .CurrentRevision.Versions.Single(v => v.Language == "en");
        Assert.Equal(15, transport.Body.Sections.Sum(s => s.Blocks.Count(b => b.Kind == BlockKind.Bullet)));

        var human = (await platform.SeededAsync("Concept Paper on Implementation of Confidence Building Measures in the Human"))
            .CurrentRevision.Versions.Single(v => v.Language == "en");
        Assert.Equal(["", "I. Objectives", "II. Principles", "III. Approaches"], human.Body.Sections.Select(s => s.Heading));
        Assert.Equal(9, human.Body.Sections[1].Blocks.Count(b => b.Kind == BlockKind.NumberedItem));

        var ict = (await platform.SeededAsync("Concept Paper and plan of implementation")).CurrentRevision.Versions.Single(v => v.Language == "en");
        Assert.Equal(["a)", "b)", "c)", "d)", "e)"], ict.Body.Sections[1].Blocks.Where(b => b.Kind == BlockKind.LetteredItem).Select(b => b.Label));
        Assert.Equal([0, 2022, 2023], ict.Body.Sections[3].Blocks.Select(b => b.Initiative.Year));
    }

    [Fact]
    public async Task The_ICT_plan_has_three_initiatives_the_two_workshops_carried_out_by_CBM_activities_1_and_2()
    {
        var ict = await platform.SeededAsync("Concept Paper and plan of implementation");
        var initiatives = (await Papers.ListInitiativesAsync(new ListInitiativesRequest { PolicyDocument = ict.Name })).Initiatives;
        Assert.Equal([(0, InitiativeKind.Document), (2022, InitiativeKind.Workshop), (2023, InitiativeKind.Workshop)], initiatives.Select(i => (i.Year, i.Kind)));
        Assert.All(initiatives, i => Assert.Equal(InitiativeStatus.Proposed, i.Status));
        Assert.Equal([[], ["activities/1"], ["activities/2"]], initiatives.Select(i => i.Activities.ToArray()));

        // The activities are CBM Coordination's seed workshops of the same titles.
        var cbm = platform.Host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        foreach (var initiative in initiatives.Skip(1))
        {
            var activity = (await cbm.GetActivityAsync(new GetActivityRequest { Name = initiative.Activities[0] })).Activity;
            Assert.Contains(activity.Title.En, initiative.Title, StringComparison.Ordinal);
            Assert.Equal(initiative.Year, activity.Date.Year);
        }
        Assert.Equal(initiatives, (await Papers.ListInitiativesAsync(new ListInitiativesRequest { PriorityArea = "priorityAreas/new-challenges-and-threats-3" })).Initiatives);
    }

    [Fact]
    public async Task Language_versions_hold_the_cover_note_titles_and_English_is_authoritative()
    {
        var transport = await platform.SeededAsync("Concept Paper on implementation of CICA Confidence Building Measures in the field of Development");
        Assert.Equal("en", transport.CurrentRevision.AuthoritativeLanguage);
        Assert.Equal(["en", "ru", "kk"], transport.CurrentRevision.Versions.Select(v => v.Language));
        Assert.Equal("Концепция по развитию безопасных и эффективных систем транспортных коридоров", transport.Title.Ru);
        Assert.Empty(transport.CurrentRevision.Versions.Single(v => v.Language == "ru").Body.Sections); // the package gives only the title

        var kazakh = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { Language = "kk" });
        Assert.Equal(4, kazakh.PolicyDocuments.Count);
        var forPeriod = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest
        {
            Period = new Period { Start = new CalendarDate { Year = 2023 } }, Status = PolicyDocumentStatus.Approved,
        });
        Assert.Equal(2, forPeriod.PolicyDocuments.Count); // transport and ICT: 2022-2023; the human dimension paper has no period
        var ofArea = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PriorityArea = "priorityAreas/human", Kind = PolicyDocumentKind.ConceptPaper });
        Assert.Equal("UZB", Assert.Single(ofArea.PolicyDocuments).ProposingCountry);
    }

    [Fact]
    public async Task Search_finds_a_paper_by_a_phrase_deep_in_its_body_with_the_passage()
    {
        var response = await Papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = "\"foreign terrorist fighters\"" });
        var hit = response.Results.First();
        Assert.Equal((await platform.SeededAsync("Draft CICA Plan of Action")).Name, hit.PolicyDocument);
        Assert.Equal("Pillar II: Preventing and combating terrorism", hit.SectionHeading);
        Assert.Contains("foreign terrorist fighters", hit.Passage, StringComparison.Ordinal);

        var forensics = Assert.Single((await Papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = "digital forensics" })).Results);
        Assert.Equal("4. Proposed initiatives", forensics.SectionHeading);
    }

    [Fact]
    public async Task Search_finds_a_paper_in_Russian_and_in_Kazakh()
    {
        var russian = Assert.Single((await Papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = "транспортных коридоров" })).Results);
        Assert.Equal(("ru", "Концепция по развитию безопасных и эффективных систем транспортных коридоров"), (russian.Language, russian.Passage));
        var kazakh = Assert.Single((await Papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = "адами өлшем", Language = "kk" })).Results);
        Assert.Equal((await platform.SeededAsync("Concept Paper on Implementation of Confidence Building Measures in the Human")).Name, kazakh.PolicyDocument);
    }
}

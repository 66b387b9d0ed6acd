using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// The platform starts with the list of coordinating and co-coordinating countries exactly as SOC/DOC/1289
/// gives it "as of 11 October 2022": every row, in the table's order, with its roles and terms.
/// </summary>
public sealed class CoordinatorTableTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private static readonly CalendarDate AsOfTable = Dates.Day(2022, 10, 12);

    /// <summary>The table, row by row: area, dimension, number, title, coordinators, co-coordinators.</summary>
    private static readonly (string Area, string Dimension, int Number, string Title, string[] Coordinators, string[] CoCoordinators)[] Table =
    [
        ("military-political", "military-political", 0, "Military-political", ["KAZ"], ["TUR"]),
        ("new-challenges-and-threats-1", "new-challenges-and-threats", 1, "New challenges and threats (general)", ["TUR"], ["AFG"]),
        ("new-challenges-and-threats-2", "new-challenges-and-threats", 2, "Combating terrorism", ["IND"], []),
        ("new-challenges-and-threats-3", "new-challenges-and-threats", 3, "Security of and in the use of information and communication technologies (ICTs)", ["RUS"], ["CHN"]),
        ("new-challenges-and-threats-4", "new-challenges-and-threats", 4, "Combating illicit drugs", ["IRN"], ["AFG"]),
        ("new-challenges-and-threats-5", "new-challenges-and-threats", 5, "Epidemiological safety, public health and pharmaceuticals", ["KAZ"], ["CHN", "JOR"]),
        ("economic-1", "economic", 1, "Development of small and medium enterprises (SMEs)", ["RUS", "KAZ", "THA", "TUR"], []),
        ("economic-2", "economic", 2, "Energy security", ["KOR"], ["IND"]),
        ("economic-3", "economic", 3, "Information technology", ["KOR"], ["BGD"]),
        ("economic-4", "economic", 4, "Tourism", ["TJK"], ["LKA"]),
        ("economic-5", "economic", 5, "Development of secure and effective systems of transportation corridors", ["AZE"], ["CHN", "IND"]),
        ("economic-6", "economic", 6, "Agriculture", ["CHN"], []),
        ("economic-7", "economic", 7, "Finance", ["CHN"], []),
        ("economic-8", "economic", 8, "Trade and Investment", [], ["KGZ", "TUR"]),
        ("environment-1", "environment", 1, "Sustainable Development", ["THA"], []),
        ("environment-2", "environment", 2, "Natural disaster management", ["IRN"], ["BGD"]),
        ("environment-3", "environment", 3, "Environment protection", ["MNG"], ["BGD", "CHN"]),
        ("human", "human", 0, "Human", ["UZB"], ["CHN", "IND", "KAZ", "KGZ"]),
    ];

    public static TheoryData<string> Rows => new(Table.Select(r => r.Area));

    [Fact]
    public async Task The_list_has_the_table_s_eighteen_rows_in_its_order()
    {
        var response = await platform.Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { AsOf = AsOfTable, PageSize = 100 });

        Assert.Equal(Table.Select(r => "priorityAreas/" + r.Area), response.PriorityAreas.Select(a => a.Name));
        Assert.Empty(response.NextPageToken);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Each_row_comes_back_with_its_coordinators_and_co_coordinators(string area)
    {
        var row = Table.Single(r => r.Area == area);

        var got = (await platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "priorityAreas/" + area, AsOf = AsOfTable })).PriorityArea;

        Assert.Equal("dimensions/" + row.Dimension, got.Dimension);
        Assert.Equal(row.Number, got.Number);
        Assert.Equal(row.Title, got.Title.En);
        Assert.Equal(AsOfTable, got.AsOf);
        Assert.Equal(row.Coordinators, got.Coordinators.Select(c => c.CountryCode));
        Assert.Equal(row.CoCoordinators, got.CoCoordinators.Select(c => c.CountryCode));
        Assert.All(got.Coordinators, c => Assert.Equal(CoordinatorRole.Coordinator, c.Role));
        Assert.All(got.CoCoordinators, c => Assert.Equal(CoordinatorRole.CoCoordinator, c.Role));
        Assert.All(got.Coordinators.Concat(got.CoCoordinators), c =>
        {
            Assert.Equal(got.Name, c.PriorityArea);
            Assert.Equal(DecisionBody.SeniorOfficialsCommittee, c.Decision.Body);
            Assert.Null(c.EndedBy);
            Assert.False(string.IsNullOrEmpty(c.CountryName.En));
        });
    }

    [Fact]
    public async Task Only_the_ICT_area_is_held_for_a_term_Russian_Federation_and_China_for_2022_2023()
    {
        var all = await platform.SnapshotAsync();

        var termed = all.Assignments.Where(a => a.Term is not null).ToList();
        Assert.Equal(["RUS", "CHN"], termed.Select(a => a.CountryCode));
        Assert.All(termed, a =>
        {
            Assert.Equal("priorityAreas/new-challenges-and-threats-3", a.PriorityArea);
            Assert.Equal(new Period { Start = Dates.Year(2022), End = Dates.Year(2023) }, a.Term);
            Assert.Equal(Dates.Day(2022, 6, 15), a.EffectiveFrom);
            Assert.Equal(Dates.Day(2023, 12, 31), a.EffectiveUntil); // the term's last day
        });
        Assert.All(all.Assignments.Where(a => a.Term is null), a => Assert.Null(a.EffectiveUntil));
    }

    [Fact]
    public async Task The_list_stems_from_the_SOC_decision_of_15_June_2022_and_Kyrgyzstan_from_item_6_of_11_October_2022()
    {
        var all = (await platform.SnapshotAsync()).Assignments;

        Assert.Equal(40, all.Count);
        var kyrgyzstan = Assert.Single(all, a => a.PriorityArea == "priorityAreas/economic-8" && a.CountryCode == "KGZ");
        Assert.Equal(Dates.Day(2022, 10, 11), kyrgyzstan.EffectiveFrom);
        Assert.Equal(Dates.Day(2022, 10, 11), kyrgyzstan.Decision.Date);
        Assert.Equal(6, kyrgyzstan.Decision.Item);
        Assert.Equal("SOC/DOC/1289", kyrgyzstan.Decision.Document.Value);
        Assert.All(all.Where(a => a != kyrgyzstan), a =>
        {
            Assert.Equal(Dates.Day(2022, 6, 15), a.Decision.Date);
            Assert.Equal(Dates.Day(2022, 6, 15), a.EffectiveFrom);
        });
    }

    [Fact]
    public async Task Countries_are_named_as_CICA_writes_them()
    {
        var area = (await platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "priorityAreas/economic-1", AsOf = AsOfTable })).PriorityArea;

        Assert.Equal(["Russian Federation", "Kazakhstan", "Thailand", "Türkiye"], area.Coordinators.Select(c => c.CountryName.En));
        Assert.Equal("Российская Федерация", area.Coordinators[0].CountryName.Ru);
    }

    [Fact]
    public async Task The_five_dimensions_are_listed_in_order()
    {
        var response = await platform.Cbm.ListDimensionsAsync(new ListDimensionsRequest());

        Assert.Equal(["Military-political", "New challenges and threats", "Economic", "Environment", "Human"],
            response.Dimensions.Select(d => d.Title.En));
        Assert.Equal([1, 2, 3, 4, 5], response.Dimensions.Select(d => d.Number));
        Assert.Equal("dimensions/new-challenges-and-threats", response.Dimensions[1].Name);
    }

    [Fact]
    public async Task The_ICT_concept_paper_s_two_online_workshops_are_planned_activities_of_the_area()
    {
        var response = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = "priorityAreas/new-challenges-and-threats-3" });

        Assert.Equal(
            [("Sustainable and safe development of the Internet", 2022), ("Exchange of experience in the field of digital forensics", 2023)],
            response.Activities.Select(a => (a.Title.En, a.Date.Year)));
        Assert.All(response.Activities, a =>
        {
            Assert.Equal(ActivityKind.Workshop, a.Kind);
            Assert.Equal(ActivityStatus.Planned, a.Status);
            Assert.Equal(Dates.Year(a.Date.Year), a.Date); // a year, as the concept paper gives it
            Assert.Equal(new Actor { Kind = ActorKind.MemberState, CountryCode = "RUS" }, a.ReportedBy);
            Assert.Contains("Online workshop", a.Description);
        });
    }

    [Fact]
    public async Task Priority_areas_page_by_key_and_filter_by_dimension()
    {
        var names = new List<string>();
        var token = "";
        do
        {
            var page = await platform.Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { PageSize = 5, PageToken = token, AsOf = AsOfTable });
            Assert.True(page.PriorityAreas.Count <= 5);
            names.AddRange(page.PriorityAreas.Select(a => a.Name));
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(Table.Select(r => "priorityAreas/" + r.Area), names);

        var economic = await platform.Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { Dimension = "dimensions/economic" });
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"priorityAreas/economic-{n}"), economic.PriorityAreas.Select(a => a.Name));
    }
}

using Cica.Contracts.Cbm.V1;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// "Who coordinated X on D?": the list as it stood on any day, across the amendment of 11 October 2022
/// and the end of the 2022-2023 terms.
/// </summary>
public sealed class AsOfHistoryTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private const string TradeAndInvestment = "priorityAreas/economic-8";
    private const string Ict = "priorityAreas/new-challenges-and-threats-3";

    [Fact]
    public async Task On_15_June_2022_Trade_and_Investment_was_co_coordinated_by_Turkiye_alone()
    {
        Assert.Equal(["TUR"], await platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2022, 6, 15)));
    }

    [Fact]
    public async Task From_11_October_2022_Kyrgyzstan_co_coordinates_Trade_and_Investment_too()
    {
        Assert.Equal(["TUR"], await platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2022, 10, 10)));
        Assert.Equal(["KGZ", "TUR"], await platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2022, 10, 11)));
        Assert.Equal(["KGZ", "TUR"], await platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2022, 10, 12)));

        var area = (await platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = TradeAndInvestment, AsOf = Dates.Day(2022, 6, 15) })).PriorityArea;
        Assert.Empty(area.Coordinators);
        Assert.Equal(["TUR"], area.CoCoordinators.Select(c => c.CountryCode));
    }

    [Fact]
    public async Task Before_the_SOC_decision_of_15_June_2022_the_list_was_empty()
    {
        var response = await platform.Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { AsOf = Dates.Day(2022, 6, 14) });

        Assert.Empty(response.CoordinatorAssignments);
    }

    [Fact]
    public async Task In_2024_the_ICT_area_no_longer_shows_the_Russian_Federation_and_China_of_the_2022_2023_terms()
    {
        var on2023 = (await platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = Ict, AsOf = Dates.Day(2023, 12, 31) })).PriorityArea;
        Assert.Equal(["RUS"], on2023.Coordinators.Select(c => c.CountryCode));
        Assert.Equal(["CHN"], on2023.CoCoordinators.Select(c => c.CountryCode));

        var on2024 = (await platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = Ict, AsOf = Dates.Day(2024, 1, 1) })).PriorityArea;
        Assert.Empty(on2024.Coordinators);
        Assert.Empty(on2024.CoCoordinators);

        var today = (await platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = Ict })).PriorityArea;
        Assert.Empty(today.Coordinators);
        Assert.True(today.AsOf.Year >= 2024, "without as_of the coordinators are today's");
    }

    [Fact]
    public async Task The_whole_history_is_kept_the_ended_terms_included()
    {
        var history = await platform.Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PriorityArea = Ict });

        Assert.Equal(["RUS", "CHN"], history.CoordinatorAssignments.Select(a => a.CountryCode));
        Assert.All(history.CoordinatorAssignments, a => Assert.Equal(Dates.Day(2023, 12, 31), a.EffectiveUntil));
    }

    [Fact]
    public async Task The_areas_a_country_coordinates_depend_on_the_date()
    {
        async Task<IReadOnlyList<(string, CoordinatorRole)>> Areas(string country, Contracts.Common.V1.CalendarDate asOf) =>
            (await platform.Cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest { CountryCode = country, AsOf = asOf }))
                .CoordinatedPriorityAreas.Select(c => (c.PriorityArea.Name, c.Role)).ToList();

        Assert.Equal([(Ict, CoordinatorRole.Coordinator), ("priorityAreas/economic-1", CoordinatorRole.Coordinator)],
            await Areas("RUS", Dates.Day(2023, 6, 1)));
        Assert.Equal([("priorityAreas/economic-1", CoordinatorRole.Coordinator)], await Areas("RUS", Dates.Day(2024, 6, 1)));
        Assert.Equal([("priorityAreas/human", CoordinatorRole.CoCoordinator)], await Areas("KGZ", Dates.Day(2022, 6, 15)));
        Assert.Equal([(TradeAndInvestment, CoordinatorRole.CoCoordinator), ("priorityAreas/human", CoordinatorRole.CoCoordinator)],
            await Areas("KGZ", Dates.Day(2022, 10, 12)));
        Assert.Empty(await Areas("EGY", Dates.Day(2022, 10, 12))); // a member state coordinating nothing
    }

    [Fact]
    public async Task A_coordinated_area_comes_with_all_its_coordinators_on_that_date()
    {
        var response = await platform.Cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest
        {
            CountryCode = "CHN", AsOf = Dates.Day(2022, 10, 12),
        });

        Assert.Equal(7, response.CoordinatedPriorityAreas.Count);
        var transport = Assert.Single(response.CoordinatedPriorityAreas, c => c.PriorityArea.Name == "priorityAreas/economic-5");
        Assert.Equal(CoordinatorRole.CoCoordinator, transport.Role);
        Assert.Equal(["AZE"], transport.PriorityArea.Coordinators.Select(c => c.CountryCode));
        Assert.Equal(["CHN", "IND"], transport.PriorityArea.CoCoordinators.Select(c => c.CountryCode));
        Assert.Equal(transport.PriorityArea.CoCoordinators[0].Name, transport.Assignment);
    }

    [Fact]
    public async Task Assignments_filter_by_country_and_role_and_page_by_key()
    {
        var kazakhstan = await platform.Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest
        {
            CountryCode = "KAZ", Role = CoordinatorRole.Coordinator,
        });
        Assert.Equal(["priorityAreas/military-political", "priorityAreas/new-challenges-and-threats-5", "priorityAreas/economic-1"],
            kazakhstan.CoordinatorAssignments.Select(a => a.PriorityArea));

        var names = new List<string>();
        var token = "";
        do
        {
            var page = await platform.Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest
            {
                Role = CoordinatorRole.CoCoordinator, PageSize = 7, PageToken = token,
            });
            names.AddRange(page.CoordinatorAssignments.Select(a => a.Name));
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(20, names.Count);
        Assert.Equal(names.Count, names.Distinct().Count());
    }
}

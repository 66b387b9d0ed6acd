using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// The Secretariat amends the list as a decision says: adding, ending and replacing assignments in one
/// change, never overwriting one, so that the list as it stood before stays readable.
/// </summary>
public sealed class AmendmentTests : IAsyncLifetime
{
    private const string TradeAndInvestment = "priorityAreas/economic-8";
    private const string Ict = "priorityAreas/new-challenges-and-threats-3";
    private CbmPlatform _platform = null!;
    private CbmCoordinationService.CbmCoordinationServiceClient Cbm => _platform.Cbm;

    public async Task InitializeAsync() => _platform = await CbmPlatform.StartAsync();

    public Task DisposeAsync() => _platform.DisposeAsync();

    [Fact]
    public async Task An_amendment_ends_one_assignment_and_starts_another_and_both_days_stay_readable()
    {
        var turkiye = await AssignmentOf(TradeAndInvestment, "TUR");

        var response = await Cbm.AmendCoordinatorListAsync(Changes.Amendment(Dates.Day(2023, 5, 10),
            Changes.End(turkiye.Name),
            Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.CoCoordinator)), Callers.Secretariat);

        Assert.Equal(Dates.Day(2023, 5, 10), response.EffectiveOn);
        var ended = Assert.Single(response.Ended);
        Assert.Equal(turkiye.Name, ended.Name);
        Assert.Equal(Dates.Day(2023, 5, 9), ended.EffectiveUntil);
        Assert.Equal(Dates.Day(2023, 5, 10), ended.EndedBy.Date);
        var started = Assert.Single(response.Started);
        Assert.Equal(("KAZ", CoordinatorRole.CoCoordinator, Dates.Day(2023, 5, 10)), (started.CountryCode, started.Role, started.EffectiveFrom));
        Assert.Null(started.EffectiveUntil);

        Assert.Equal(["KGZ", "TUR"], await _platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2023, 5, 9)));
        Assert.Equal(["KGZ", "KAZ"], await _platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2023, 5, 10)));
        Assert.Equal(["KGZ", "TUR"], await _platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.CoCoordinator, Dates.Day(2022, 10, 12)));
    }

    [Fact]
    public async Task A_replacement_gives_the_role_to_another_state_and_remembers_whom_it_replaced()
    {
        var uzbekistan = await AssignmentOf("priorityAreas/human", "UZB");

        var response = await Cbm.AmendCoordinatorListAsync(new AmendCoordinatorListRequest
        {
            Decision = Dates.Soc(2024, 3, 1),
            EffectiveOn = Dates.Day(2024, 4, 1),
            Changes = { Changes.Replace(uzbekistan.Name, "TJK") },
        }, Callers.Secretariat);

        var successor = Assert.Single(response.Started);
        Assert.Equal(("TJK", CoordinatorRole.Coordinator, uzbekistan.Name), (successor.CountryCode, successor.Role, successor.Replaces));
        Assert.Equal(Dates.Day(2024, 4, 1), successor.EffectiveFrom);
        Assert.Equal(Dates.Day(2024, 3, 31), Assert.Single(response.Ended).EffectiveUntil);
        var human = (await Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "priorityAreas/human", AsOf = Dates.Day(2024, 4, 1) })).PriorityArea;
        Assert.Equal(["TJK"], human.Coordinators.Select(c => c.CountryCode));
        Assert.Equal("Tajikistan", human.Coordinators[0].CountryName.En);
    }

    [Fact]
    public async Task A_later_decision_renews_a_termed_role_from_the_first_day_of_its_new_term()
    {
        var response = await Cbm.AmendCoordinatorListAsync(Changes.Amendment(Dates.Day(2023, 10, 20),
            Changes.Add(Ict, "RUS", CoordinatorRole.Coordinator, Changes.Term(2024, 2025))), Callers.Secretariat);

        var renewed = Assert.Single(response.Started);
        Assert.Equal(Dates.Day(2024, 1, 1), renewed.EffectiveFrom);
        Assert.Equal(Dates.Day(2025, 12, 31), renewed.EffectiveUntil);
        Assert.Equal(["RUS"], await _platform.HoldersAsync(Ict, CoordinatorRole.Coordinator, Dates.Day(2024, 6, 1)));
        Assert.Empty(await _platform.HoldersAsync(Ict, CoordinatorRole.CoCoordinator, Dates.Day(2024, 6, 1))); // China was not renewed
        Assert.Empty(await _platform.HoldersAsync(Ict, CoordinatorRole.Coordinator, Dates.Day(2026, 1, 1)));
    }

    [Fact]
    public async Task An_amendment_is_all_or_nothing()
    {
        var before = await _platform.SnapshotAsync();

        await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "DUPLICATE_ASSIGNMENT", () => Cbm.AmendCoordinatorListAsync(
            Changes.Amendment(Dates.Day(2023, 1, 10),
                Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator),
                Changes.Add("priorityAreas/economic-2", "IND", CoordinatorRole.CoCoordinator)), Callers.Secretariat).ResponseAsync);

        await _platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_retried_amendment_is_applied_once()
    {
        var request = Changes.Amendment(Dates.Day(2023, 1, 10), Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator));
        request.RequestId = "amend-2023-01-10";

        var first = await Cbm.AmendCoordinatorListAsync(request, Callers.Secretariat);
        var retry = await Cbm.AmendCoordinatorListAsync(request, Callers.Secretariat);

        Assert.Equal(first, retry);
        Assert.Equal(["KAZ"], await _platform.HoldersAsync(TradeAndInvestment, CoordinatorRole.Coordinator, Dates.Day(2023, 2, 1)));
        request.Changes[0].Add.CountryCode = "UZB";
        await RpcAssert.InvalidField("request_id", () => Cbm.AmendCoordinatorListAsync(request, Callers.Secretariat).ResponseAsync);
    }

    [Theory]
    [InlineData("member-state/KAZ", StatusCode.PermissionDenied)]
    [InlineData("member-state/RUS", StatusCode.PermissionDenied)]
    [InlineData("", StatusCode.Unauthenticated)]
    [InlineData("minister", StatusCode.Unauthenticated)]
    public async Task Only_the_Secretariat_amends_the_list(string caller, StatusCode expected)
    {
        var before = await _platform.SnapshotAsync();
        var request = Changes.Amendment(Dates.Day(2023, 1, 10), Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator));

        await RpcAssert.FailsWith(expected, () => Cbm.AmendCoordinatorListAsync(request, caller.Length == 0 ? Callers.Anonymous : Callers.As(caller)).ResponseAsync);

        await _platform.AssertUnchangedAsync(before);
    }

    private async Task<CoordinatorAssignment> AssignmentOf(string area, string country) =>
        (await Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PriorityArea = area, CountryCode = country }))
            .CoordinatorAssignments.Single();
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// Bad amendments are refused with a status a program can act on, naming what is wrong, and change
/// nothing: no assignment is started or ended.
/// </summary>
public sealed class AmendmentRejectionTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private const string TradeAndInvestment = "priorityAreas/economic-8";
    private const string Ict = "priorityAreas/new-challenges-and-threats-3";
    private static readonly CalendarDate Decided = Dates.Day(2023, 1, 10);

    private Task<AmendCoordinatorListResponse> Amend(AmendCoordinatorListRequest request) =>
        platform.Cbm.AmendCoordinatorListAsync(request, Callers.Secretariat).ResponseAsync;

    private Task<AmendCoordinatorListResponse> Amend(params CoordinatorListChange[] changes) => Amend(Changes.Amendment(Decided, changes));

    [Fact]
    public async Task An_unknown_priority_area_is_not_found()
    {
        var before = await platform.SnapshotAsync();

        var ex = await RpcAssert.FailsWith(StatusCode.NotFound, () => Amend(Changes.Add("priorityAreas/economic-9", "KAZ", CoordinatorRole.Coordinator)));

        Assert.Contains("priorityAreas/economic-9", ex.Status.Detail);
        await platform.AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("economic-8")]
    [InlineData("priorityAreas/Economic-8")]
    [InlineData("priorityAreas/economic-08")]
    [InlineData("")]
    public async Task A_malformed_priority_area_name_is_invalid(string name)
    {
        var before = await platform.SnapshotAsync();

        await RpcAssert.InvalidField("changes[0].add.priority_area", () => Amend(Changes.Add(name, "KAZ", CoordinatorRole.Coordinator)));

        await platform.AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("XXX", "no country has the ISO 3166-1 alpha-3 code")]
    [InlineData("kaz", "is not an ISO 3166-1 alpha-3 code")]
    [InlineData("KZ", "is not an ISO 3166-1 alpha-3 code")]
    [InlineData("", "is required")]
    public async Task An_unknown_or_malformed_country_code_is_invalid(string code, string why)
    {
        var before = await platform.SnapshotAsync();

        var ex = await RpcAssert.InvalidField("changes[1].add.country_code", () => Amend(
            Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator),
            Changes.Add(TradeAndInvestment, code, CoordinatorRole.Coordinator)));

        Assert.Contains(why, ex.Status.Detail);
        await platform.AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData("JPN")] // an observer, not a member
    [InlineData("KWT")] // recommended in October 2022, not yet admitted in this platform
    public async Task Assigning_a_state_that_is_not_a_member_fails_naming_the_country(string country)
    {
        var before = await platform.SnapshotAsync();

        var info = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_A_MEMBER_STATE",
            () => Amend(Changes.Add(TradeAndInvestment, country, CoordinatorRole.Coordinator)));

        Assert.Equal(country, info.Metadata["country_code"]);
        Assert.Equal("changes[0].add.country_code", info.Metadata["field"]);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Amend(Changes.Add(TradeAndInvestment, country, CoordinatorRole.Coordinator)));
        Assert.Contains(country, ex.Status.Detail);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Replacing_with_a_state_that_is_not_a_member_fails_too()
    {
        var before = await platform.SnapshotAsync();
        var turkiye = before.Assignments.Single(a => a.PriorityArea == TradeAndInvestment && a.CountryCode == "TUR");

        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_A_MEMBER_STATE", () => Amend(Changes.Replace(turkiye.Name, "JPN")));

        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_state_cannot_be_assigned_from_a_day_before_it_became_a_member()
    {
        var before = await platform.SnapshotAsync();

        // Sri Lanka acceded in 2018.
        var info = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_A_MEMBER_STATE", () => Amend(new AmendCoordinatorListRequest
        {
            Decision = Dates.Soc(2017, 6, 1),
            Changes = { Changes.Add(TradeAndInvestment, "LKA", CoordinatorRole.Coordinator) },
        }));

        Assert.Equal("LKA", info.Metadata["country_code"]);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task An_assignment_overlapping_the_same_role_of_the_same_state_already_exists()
    {
        var before = await platform.SnapshotAsync();

        var info = await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "DUPLICATE_ASSIGNMENT",
            () => Amend(Changes.Add(TradeAndInvestment, "KGZ", CoordinatorRole.CoCoordinator)));
        Assert.Equal(before.Assignments.Single(a => a.PriorityArea == TradeAndInvestment && a.CountryCode == "KGZ").Name, info.Metadata["assignment"]);

        // A term 2023-2024 overlaps the Russian Federation's 2022-2023 in 2023.
        await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "DUPLICATE_ASSIGNMENT",
            () => Amend(Changes.Add(Ict, "RUS", CoordinatorRole.Coordinator, Changes.Term(2023, 2024))));

        // Twice in one amendment.
        await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "DUPLICATE_ASSIGNMENT", () => Amend(
            Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator),
            Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator)));
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_state_cannot_hold_both_roles_in_one_area_on_the_same_day()
    {
        var before = await platform.SnapshotAsync();

        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "CONFLICTING_ROLE",
            () => Amend(Changes.Add(TradeAndInvestment, "TUR", CoordinatorRole.Coordinator)));

        await platform.AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData(2023, 2, 30, "day 30 does not exist")]
    [InlineData(2023, 13, 1, "month must be between")]
    [InlineData(2023, 5, 0, "must be a full date")]
    [InlineData(2023, 0, 0, "must be a full date")]
    public async Task A_malformed_effective_date_is_invalid(int year, int month, int day, string why)
    {
        var before = await platform.SnapshotAsync();
        var request = Changes.Amendment(Decided, Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator));
        request.EffectiveOn = new CalendarDate { Year = year, Month = month, Day = day };

        var ex = await RpcAssert.InvalidField("effective_on", () => Amend(request));

        Assert.Contains(why, ex.Status.Detail);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_decision_without_a_valid_date_is_invalid()
    {
        var before = await platform.SnapshotAsync();
        var request = Changes.Amendment(Decided, Changes.Add(TradeAndInvestment, "KAZ", CoordinatorRole.Coordinator));

        request.Decision.Date = new CalendarDate { Year = 2023, Month = 2, Day = 29 };
        await RpcAssert.InvalidField("decision.date", () => Amend(request));

        request.Decision.Date = Dates.Year(2023); // a year alone does not say when the amendment takes effect
        await RpcAssert.InvalidField("effective_on", () => Amend(request));

        request.Decision = null;
        await RpcAssert.InvalidField("decision", () => Amend(request));
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_term_that_ends_before_it_starts_or_before_the_amendment_is_invalid()
    {
        var before = await platform.SnapshotAsync();

        await RpcAssert.InvalidField("changes[0].add.term",
            () => Amend(Changes.Add(Ict, "KAZ", CoordinatorRole.Coordinator, Changes.Term(2025, 2024))));
        await RpcAssert.InvalidField("changes[0].add.term",
            () => Amend(Changes.Add(Ict, "KAZ", CoordinatorRole.Coordinator, Changes.Term(2021, 2022))));
        await RpcAssert.InvalidField("changes[0].add.term",
            () => Amend(Changes.Add(Ict, "KAZ", CoordinatorRole.Coordinator, new Period { Start = Dates.Year(2023) })));
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Every_malformed_change_is_named_at_once()
    {
        var before = await platform.SnapshotAsync();

        var ex = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Amend(
            Changes.Add("priorityAreas/economic-8", "KAZ", CoordinatorRole.Unspecified),
            new CoordinatorListChange(),
            Changes.End("coordinatorAssignments/first"),
            Changes.Replace("coordinatorAssignments/3", "kaz")));

        Assert.Equal(["changes[0].add.role", "changes[1]", "changes[2].end.assignment", "changes[3].replace.country_code"], RpcAssert.Fields(ex));
        await RpcAssert.InvalidField("changes", () => Amend());
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Ending_an_unknown_or_already_ended_assignment_fails()
    {
        var before = await platform.SnapshotAsync();
        var russia = before.Assignments.Single(a => a.PriorityArea == Ict && a.CountryCode == "RUS");

        await RpcAssert.FailsWith(StatusCode.NotFound, () => Amend(Changes.End("coordinatorAssignments/999")));
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ASSIGNMENT_ENDED", () => Amend(new AmendCoordinatorListRequest
        {
            Decision = Dates.Soc(2024, 2, 1),
            Changes = { Changes.End(russia.Name) },
        }));
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ASSIGNMENT_NOT_STARTED", () => Amend(new AmendCoordinatorListRequest
        {
            Decision = Dates.Soc(2022, 6, 15),
            Changes = { Changes.End(russia.Name) },
        }));
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task An_assignment_ended_by_a_decision_cannot_be_ended_or_replaced_again_from_an_earlier_day()
    {
        var own = await CbmPlatform.StartAsync(); // this test changes the list: a platform of its own
        try
        {
            await EndedAssignmentStaysEnded(own);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private static async Task EndedAssignmentStaysEnded(CbmPlatform platform)
    {
        var turkiye = (await platform.SnapshotAsync()).Assignments.Single(a => a.PriorityArea == TradeAndInvestment && a.CountryCode == "TUR");
        var decisionA = Dates.Soc(2023, 6, 1);
        await platform.Cbm.AmendCoordinatorListAsync(new AmendCoordinatorListRequest { Decision = decisionA, Changes = { Changes.End(turkiye.Name) } },
            Callers.Secretariat);
        var before = await platform.SnapshotAsync();
        var ended = before.Assignments.Single(a => a.Name == turkiye.Name);
        Assert.Equal((Dates.Day(2023, 5, 31), decisionA), (ended.EffectiveUntil, ended.EndedBy));

        // Decision B is dated before A took effect: ending or replacing from then would rewrite A's end.
        var decisionB = Dates.Soc(2023, 3, 1, item: 2);
        foreach (var change in new[] { Changes.End(turkiye.Name), Changes.Replace(turkiye.Name, "KAZ") })
        {
            var info = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ASSIGNMENT_ENDED", () => platform.Cbm.AmendCoordinatorListAsync(
                new AmendCoordinatorListRequest { Decision = decisionB, Changes = { change } }, Callers.Secretariat).ResponseAsync);
            Assert.Equal(turkiye.Name, info.Metadata["assignment"]);
            Assert.Contains("2023-06-01", info.Metadata["ended_by"]);
            var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Cbm.AmendCoordinatorListAsync(
                new AmendCoordinatorListRequest { Decision = decisionB, Changes = { change } }, Callers.Secretariat).ResponseAsync);
            Assert.Contains(turkiye.Name, ex.Status.Detail);
            Assert.Contains("2023-05-31", ex.Status.Detail);
        }

        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Queries_refuse_partial_dates_and_unknown_filters()
    {
        await RpcAssert.InvalidField("as_of", () => platform.Cbm.ListCoordinatorAssignmentsAsync(
            new ListCoordinatorAssignmentsRequest { AsOf = new CalendarDate { Year = 2022, Month = 6 } }).ResponseAsync);
        await RpcAssert.InvalidField("as_of", () => platform.Cbm.GetPriorityAreaAsync(
            new GetPriorityAreaRequest { Name = TradeAndInvestment, AsOf = new CalendarDate { Year = 2022, Month = 2, Day = 30 } }).ResponseAsync);
        await RpcAssert.InvalidField("country_code", () => platform.Cbm.ListCoordinatedPriorityAreasAsync(
            new ListCoordinatedPriorityAreasRequest { CountryCode = "Kazakhstan" }).ResponseAsync);
        await RpcAssert.InvalidField("name", () => platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "economic-8" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => platform.Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "priorityAreas/human-1" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => platform.Cbm.ListCoordinatorAssignmentsAsync(
            new ListCoordinatorAssignmentsRequest { PriorityArea = "priorityAreas/culture-1" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => platform.Cbm.ListPriorityAreasAsync(
            new ListPriorityAreasRequest { Dimension = "dimensions/culture" }).ResponseAsync);
        await RpcAssert.InvalidField("page_token", () => platform.Cbm.ListCoordinatorAssignmentsAsync(
            new ListCoordinatorAssignmentsRequest { PageToken = "not-a-token" }).ResponseAsync);
    }
}

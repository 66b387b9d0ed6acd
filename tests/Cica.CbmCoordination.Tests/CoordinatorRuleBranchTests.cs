using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// Rules of AmendCoordinatorList that had no end-to-end test: a replacement by the same country, a
/// replacement that would duplicate an assignment or give a state both roles, and a term without a
/// valid start. Each is refused with its reason and changes nothing (every assignment and activity
/// read before and after).
/// </summary>
public sealed class CoordinatorRuleBranchTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private const string TradeAndInvestment = "priorityAreas/economic-8"; // co-coordinators KGZ and TUR (seed)
    private const string Connectivity = "priorityAreas/economic-5";       // coordinator AZE; co-coordinators CHN and IND (seed)
    private const string Ict = "priorityAreas/new-challenges-and-threats-3"; // coordinator RUS (seed)
    private static readonly CalendarDate Decided = Dates.Day(2023, 1, 10);

    private Task<AmendCoordinatorListResponse> Amend(params CoordinatorListChange[] changes) =>
        platform.Cbm.AmendCoordinatorListAsync(Changes.Amendment(Decided, changes), Callers.Secretariat).ResponseAsync;

    [Fact]
    public async Task Replacing_a_state_by_itself_is_SAME_COUNTRY()
    {
        var russia = await CurrentAssignmentAsync(Ict, "RUS");
        var before = await platform.SnapshotAsync();

        var info = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "SAME_COUNTRY", () => Amend(Changes.Replace(russia, "RUS")));

        Assert.Equal("changes[0].replace.country_code", info.Metadata["field"]);
        Assert.Equal(russia, info.Metadata["assignment"]);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Replacing_a_co_coordinator_by_another_co_coordinator_of_the_area_is_DUPLICATE_ASSIGNMENT()
    {
        var kyrgyzstan = await CurrentAssignmentAsync(TradeAndInvestment, "KGZ");
        var turkiye = await CurrentAssignmentAsync(TradeAndInvestment, "TUR");
        var before = await platform.SnapshotAsync();

        var info = await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "DUPLICATE_ASSIGNMENT", () => Amend(Changes.Replace(kyrgyzstan, "TUR")));

        Assert.Equal("changes[0].replace.country_code", info.Metadata["field"]);
        Assert.Equal(turkiye, info.Metadata["assignment"]);
        await platform.AssertUnchangedAsync(before); // Kyrgyzstan's assignment is not ended either
    }

    [Fact]
    public async Task Replacing_the_coordinator_by_a_co_coordinator_of_the_area_is_CONFLICTING_ROLE()
    {
        var azerbaijan = await CurrentAssignmentAsync(Connectivity, "AZE");
        var china = await CurrentAssignmentAsync(Connectivity, "CHN");
        var before = await platform.SnapshotAsync();

        var info = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "CONFLICTING_ROLE", () => Amend(Changes.Replace(azerbaijan, "CHN")));

        Assert.Equal("changes[0].replace.country_code", info.Metadata["field"]);
        Assert.Equal(china, info.Metadata["assignment"]);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_term_without_a_start_is_invalid()
    {
        var before = await platform.SnapshotAsync();

        var ex = await RpcAssert.InvalidField("changes[0].add.term", () => Amend(
            Changes.Add(Ict, "KAZ", CoordinatorRole.CoCoordinator, new Period { End = Dates.Year(2024) })));

        Assert.Contains("start is required", ex.Status.Detail);
        await platform.AssertUnchangedAsync(before);
    }

    [Theory]
    [InlineData(2023, 13, 0)]
    [InlineData(2023, 2, 30)]
    [InlineData(2023, 0, 5)]
    public async Task A_term_with_a_malformed_start_is_invalid(int year, int month, int day)
    {
        var before = await platform.SnapshotAsync();

        var ex = await RpcAssert.InvalidField("changes[0].add.term", () => Amend(Changes.Add(Ict, "KAZ", CoordinatorRole.CoCoordinator,
            new Period { Start = new CalendarDate { Year = year, Month = month, Day = day }, End = Dates.Year(2024) })));

        Assert.Contains("start: ", ex.Status.Detail);
        await platform.AssertUnchangedAsync(before);
    }

    // The country's assignment in the area in effect on the day the amendments are decided.
    private async Task<string> CurrentAssignmentAsync(string area, string country) =>
        (await platform.Cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PriorityArea = area, CountryCode = country, AsOf = Decided }))
        .CoordinatorAssignments.Single().Name;
}

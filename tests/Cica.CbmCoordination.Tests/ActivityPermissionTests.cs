using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// A country writes the activities only of an area it coordinates or co-coordinates on the activity's
/// date; the Secretariat writes any. The caller is the one its bearer token names.
/// </summary>
public sealed class ActivityPermissionTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private const string Ict = "priorityAreas/new-challenges-and-threats-3";
    private const string TradeAndInvestment = "priorityAreas/economic-8";

    private static Activity Workshop(string area, CalendarDate date) => new()
    {
        PriorityArea = area,
        Title = new LocalizedText { En = "Workshop on confidence building", Ru = "Семинар" },
        Kind = ActivityKind.Workshop,
        Date = date,
        Status = ActivityStatus.Planned,
    };

    public static TheoryData<string, string, CalendarDate, StatusCode> Matrix => new()
    {
        // caller, area, date → outcome
        { "member-state/RUS", Ict, Dates.Day(2023, 5, 17), StatusCode.OK },                 // coordinator
        { "member-state/CHN", Ict, Dates.Day(2023, 5, 17), StatusCode.OK },                 // co-coordinator
        { "member-state/KAZ", Ict, Dates.Day(2023, 5, 17), StatusCode.PermissionDenied },   // a member coordinating other areas
        { "member-state/EGY", Ict, Dates.Day(2023, 5, 17), StatusCode.PermissionDenied },   // a member coordinating nothing
        { "secretariat", Ict, Dates.Day(2023, 5, 17), StatusCode.OK },
        { "member-state/RUS", Ict, Dates.Day(2024, 3, 1), StatusCode.PermissionDenied },    // after the 2022-2023 term
        { "member-state/RUS", Ict, Dates.Year(2024), StatusCode.PermissionDenied },
        { "member-state/RUS", Ict, Dates.Year(2023), StatusCode.OK },                       // a year during the term
        { "member-state/RUS", Ict, Dates.Day(2022, 6, 14), StatusCode.PermissionDenied },   // before the decision of 15 June 2022
        { "member-state/KGZ", TradeAndInvestment, new CalendarDate { Year = 2022, Month = 9 }, StatusCode.PermissionDenied },
        { "member-state/KGZ", TradeAndInvestment, new CalendarDate { Year = 2022, Month = 10 }, StatusCode.OK }, // co-coordinator from 11 October
        { "member-state/KGZ", TradeAndInvestment, Dates.Day(2022, 10, 10), StatusCode.PermissionDenied },
        { "member-state/TUR", TradeAndInvestment, Dates.Day(2022, 10, 10), StatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Who_may_report_an_activity(string caller, string area, CalendarDate date, StatusCode expected)
    {
        var before = await platform.SnapshotAsync();
        var call = platform.Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Workshop(area, date) }, Callers.As(caller));

        if (expected == StatusCode.OK)
        {
            var reported = (await call).Activity;
            Assert.Equal(caller == "secretariat" ? ActorKind.Secretariat : ActorKind.MemberState, reported.ReportedBy.Kind);
            Assert.Equal(reported, (await platform.Cbm.GetActivityAsync(new GetActivityRequest { Name = reported.Name })).Activity);
            return;
        }
        var info = await RpcAssert.FailsWithReason(expected, "NOT_A_COORDINATOR", () => call.ResponseAsync);
        Assert.Equal(area, info.Metadata["priority_area"]);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task A_write_without_a_caller_is_unauthenticated()
    {
        var before = await platform.SnapshotAsync();

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => platform.Cbm.ReportActivityAsync(
            new ReportActivityRequest { Activity = Workshop(Ict, Dates.Day(2023, 5, 17)) }, Callers.Anonymous).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = "activities/1", Status = ActivityStatus.Held },
        }, Callers.Anonymous).ResponseAsync);

        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task The_co_coordinator_records_that_the_planned_workshop_was_held()
    {
        var workshop = await RussianWorkshop();

        var held = (await platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity
            {
                Name = workshop.Name,
                Status = ActivityStatus.Held,
                Date = Dates.Day(2023, 11, 24),
                Outcome = "Held online with experts of 14 member states.",
                Etag = workshop.Etag,
            },
            UpdateMask = new() { Paths = { "status", "date", "outcome" } },
        }, Callers.MemberState("CHN"))).Activity;

        Assert.Equal(ActivityStatus.Held, held.Status);
        Assert.Equal(Dates.Day(2023, 11, 24), held.Date);
        Assert.Equal(workshop.Title, held.Title);             // not in the mask: unchanged
        Assert.Equal("RUS", held.ReportedBy.CountryCode);     // still the Russian Federation's report
        Assert.NotEqual(workshop.Etag, held.Etag);
    }

    [Fact]
    public async Task An_update_needs_the_right_to_the_activity_before_and_after_the_change()
    {
        var workshop = await RussianWorkshop();
        var before = await platform.SnapshotAsync();

        Task Update(string caller, Activity change, params string[] paths) => platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = change, UpdateMask = new() { Paths = { paths } },
        }, Callers.MemberState(caller)).ResponseAsync;

        // Kazakhstan coordinates economic-1 but not the ICT area the workshop belongs to now.
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR",
            () => Update("KAZ", new Activity { Name = workshop.Name, PriorityArea = "priorityAreas/economic-1" }, "priority_area"));
        // The Russian Federation may not move it to an area it does not coordinate, nor past its term.
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR",
            () => Update("RUS", new Activity { Name = workshop.Name, PriorityArea = "priorityAreas/human" }, "priority_area"));
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR",
            () => Update("RUS", new Activity { Name = workshop.Name, Date = Dates.Day(2024, 2, 1) }, "date"));
        await platform.AssertUnchangedAsync(before);

        // …but to an area it coordinates on that date, yes.
        await Update("RUS", new Activity { Name = workshop.Name, PriorityArea = "priorityAreas/economic-1" }, "priority_area");
        var moved = (await platform.Cbm.GetActivityAsync(new GetActivityRequest { Name = workshop.Name })).Activity;
        Assert.Equal("priorityAreas/economic-1", moved.PriorityArea);
    }

    [Fact]
    public async Task A_caller_without_the_right_is_denied_before_its_etag_is_looked_at()
    {
        var workshop = await RussianWorkshop();
        var held = (await platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = workshop.Name, Status = ActivityStatus.Held, Etag = workshop.Etag },
            UpdateMask = new() { Paths = { "status" } },
        }, Callers.MemberState("RUS"))).Activity;
        var before = await platform.SnapshotAsync();

        // Egypt coordinates nothing: it is refused for that, whether its etag is stale or current,
        // so a caller without the right learns nothing of the activity's version.
        foreach (var etag in new[] { workshop.Etag, held.Etag })
        {
            await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR", () => platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
            {
                Activity = new Activity { Name = workshop.Name, Status = ActivityStatus.Cancelled, Etag = etag },
                UpdateMask = new() { Paths = { "status" } },
            }, Callers.MemberState("EGY")).ResponseAsync);
        }
        // The coordinator with the stale etag is told it is stale.
        await RpcAssert.FailsWithReason(StatusCode.Aborted, "ETAG_MISMATCH", () => platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = workshop.Name, Status = ActivityStatus.Cancelled, Etag = workshop.Etag },
            UpdateMask = new() { Paths = { "status" } },
        }, Callers.MemberState("RUS")).ResponseAsync);
        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task The_Secretariat_updates_any_activity()
    {
        var workshop = await RussianWorkshop();

        var postponed = (await platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = workshop.Name, Status = ActivityStatus.Postponed, Date = Dates.Year(2025) },
        }, Callers.Secretariat)).Activity; // no mask: the fields set

        Assert.Equal((ActivityStatus.Postponed, Dates.Year(2025)), (postponed.Status, postponed.Date));
    }

    // A workshop of the Russian Federation's own for each test, so tests sharing the platform do not meet.
    private async Task<Activity> RussianWorkshop() =>
        (await platform.Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Workshop(Ict, Dates.Year(2023)) },
            Callers.MemberState("RUS"))).Activity;
}

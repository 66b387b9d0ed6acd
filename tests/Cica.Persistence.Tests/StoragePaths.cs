using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Persistence.Tests;

/// <summary>
/// Calls every Membership and CBM Coordination RPC along each path that reads or writes storage:
/// every page of every list (so the keyset "after" paths run), filters, writes with and without a
/// request_id and their retries, refusals that read state first, and an admission reaching CBM
/// through outbox, bus and inbox. Assumes a freshly seeded platform.
/// </summary>
public static class StoragePaths
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Walks every path; fails if a call does not answer as the seed data says it should.</summary>
    public static async Task WalkAsync(PlatformHost host)
    {
        await MembershipAsync(host.Client<MembershipService.MembershipServiceClient>());
        await CbmAsync(host.Client<CbmCoordinationService.CbmCoordinationServiceClient>());
    }

    private static async Task MembershipAsync(MembershipService.MembershipServiceClient membership)
    {
        Assert.Equal("KAZ", (await membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KAZ" })).MemberState.CountryCode);
        var members = await AllPagesAsync(t => membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 10, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.MemberStates.Select(m => m.CountryCode));
        Assert.Equal(SeedData.MemberStates, members);
        var founders = await membership.ListMemberStatesAsync(new ListMemberStatesRequest { AsOf = Day(2000, 1, 1), AccessionYear = 1999 });
        Assert.Equal(SeedData.MemberStatesOf(1999), founders.MemberStates.Select(m => m.CountryCode));
        var observers = await AllPagesAsync(t => membership.ListObserversAsync(new ListObserversRequest { PageSize = 2, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.Observers.Select(o => o.Name));
        Assert.Equal(SeedData.Observers.Select(id => "observers/" + id), observers);

        var submit = new SubmitAccessionApplicationRequest { CountryCode = "TKM", SubmittedOn = Day(2024, 3, 1), RequestId = "walk-submit-tkm" };
        var submitted = (await membership.SubmitAccessionApplicationAsync(submit, Callers.Secretariat)).AccessionApplication;
        Assert.Equal(submitted, (await membership.SubmitAccessionApplicationAsync(submit, Callers.Secretariat)).AccessionApplication);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ALREADY_MEMBER", () => membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = "KAZ", SubmittedOn = Day(2024, 3, 1) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "APPLICATION_OPEN", () => membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = "KWT", SubmittedOn = Day(2024, 3, 1) }, Callers.Secretariat).ResponseAsync);

        var recommended = (await membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = submitted.Name, Decision = Soc(2024, 6, 14), Etag = submitted.Etag, RequestId = "walk-recommend-tkm",
        }, Callers.Secretariat)).AccessionApplication;
        var admitted = await membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = submitted.Name, Decision = Summit(2024, 10, 1), Etag = recommended.Etag,
        }, Callers.Secretariat);
        Assert.Equal(AccessionApplicationState.Admitted, admitted.AccessionApplication.State);

        Assert.Equal(admitted.AccessionApplication, (await membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = submitted.Name })).AccessionApplication);
        var applications = await AllPagesAsync(t => membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = 1, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.AccessionApplications.Select(a => a.Name));
        Assert.Equal([.. SeedData.AccessionApplications.Select(id => "accessionApplications/" + id), submitted.Name], applications.Order(StringComparer.Ordinal));
        var admittedOnly = await membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { State = AccessionApplicationState.Admitted });
        Assert.Equal([admitted.AccessionApplication], admittedOnly.AccessionApplications);
    }

    private static async Task CbmAsync(CbmCoordinationService.CbmCoordinationServiceClient cbm)
    {
        const string trade = "priorityAreas/economic-8";
        var dimensions = await AllPagesAsync(t => cbm.ListDimensionsAsync(new ListDimensionsRequest { PageSize = 2, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.Dimensions.Select(d => d.Name));
        Assert.Equal(SeedData.Dimensions.Select(d => "dimensions/" + d), dimensions);
        var tradeThen = (await cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = trade, AsOf = Day(2023, 1, 1) })).PriorityArea;
        Assert.Equal(Seeded("economic-8", "coordinators"), tradeThen.Coordinators.Select(c => c.CountryCode).Order(StringComparer.Ordinal));
        Assert.Equal(Seeded("economic-8", "co_coordinators"), tradeThen.CoCoordinators.Select(c => c.CountryCode).Order(StringComparer.Ordinal));
        var economic = await AllPagesAsync(t => cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { Dimension = "dimensions/economic", PageSize = 3, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.PriorityAreas.Select(a => a.Name));
        Assert.Equal(SeedData.AreasOf("economic").Select(a => "priorityAreas/" + a), economic);
        var kazakhstan = await AllPagesAsync(t => cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest { CountryCode = "KAZ", PageSize = 1, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.CoordinatedPriorityAreas.Select(a => a.PriorityArea.Name));
        Assert.Equal(SeedData.Assignments.Where(a => a.Country == "KAZ").Select(a => "priorityAreas/" + a.Area).Order(StringComparer.Ordinal), kazakhstan.Order(StringComparer.Ordinal));
        var history = await AllPagesAsync(t => cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 20, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.CoordinatorAssignments.Select(a => $"{a.PriorityArea} {a.CountryCode}"));
        Assert.Equal(SeedData.Assignments.Select(a => $"priorityAreas/{a.Area} {a.Country}").Order(StringComparer.Ordinal), history.Order(StringComparer.Ordinal));

        // Amendments in date order: end one assignment, replace another, then assign the new member.
        var turkiye = await AssignmentOfAsync(cbm, trade, "TUR");
        await cbm.AmendCoordinatorListAsync(new AmendCoordinatorListRequest
        {
            Decision = Soc(2023, 5, 10), Changes = { new CoordinatorListChange { End = new() { Assignment = turkiye } } },
        }, Callers.Secretariat);
        var uzbekistan = await AssignmentOfAsync(cbm, "priorityAreas/human", "UZB");
        await cbm.AmendCoordinatorListAsync(new AmendCoordinatorListRequest
        {
            Decision = Soc(2024, 3, 1), EffectiveOn = Day(2024, 4, 1),
            Changes = { new CoordinatorListChange { Replace = new() { Assignment = uzbekistan, CountryCode = "TJK" } } },
        }, Callers.Secretariat);
        var addTurkmenistan = new AmendCoordinatorListRequest
        {
            Decision = Soc(2024, 11, 1), RequestId = "walk-amend-tkm",
            Changes = { new CoordinatorListChange { Add = new() { PriorityArea = trade, CountryCode = "TKM", Role = CoordinatorRole.CoCoordinator } } },
        };
        // Refused until MemberStateAdmitted has come through Membership's outbox and CBM's inbox.
        var added = await Eventually.SucceedsAsync(() => cbm.AmendCoordinatorListAsync(addTurkmenistan, Callers.Secretariat).ResponseAsync, Patience);
        Assert.Equal(added, await cbm.AmendCoordinatorListAsync(addTurkmenistan, Callers.Secretariat));
        // Türkiye's assignment ended on 10 May 2023; Kyrgyzstan's stays, and Turkmenistan's was added.
        var tradeCoCoordinators = await cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest
        {
            PriorityArea = trade, Role = CoordinatorRole.CoCoordinator, AsOf = Day(2024, 12, 1),
        });
        Assert.Equal(
            [.. Seeded("economic-8", "co_coordinators").Where(c => c != "TUR"), "TKM"],
            tradeCoCoordinators.CoordinatorAssignments.Select(a => a.CountryCode));

        // A coordinating country reports (its permission read from the assignments), retries, updates.
        var report = new ReportActivityRequest
        {
            RequestId = "walk-report-tkm",
            Activity = new Activity
            {
                PriorityArea = trade, Title = new LocalizedText { En = "Workshop on trade facilitation" }, Kind = ActivityKind.Workshop,
                Date = Day(2024, 12, 5), Status = ActivityStatus.Planned, Documents = { new DocumentSymbol { Value = "SOC/DOC/1289" } },
            },
        };
        var reported = (await cbm.ReportActivityAsync(report, Callers.MemberState("TKM"))).Activity;
        Assert.Equal(reported, (await cbm.ReportActivityAsync(report, Callers.MemberState("TKM"))).Activity);
        report.RequestId = "";
        report.Activity.Date = new CalendarDate { Year = 2024 };
        var second = (await cbm.ReportActivityAsync(report, Callers.Secretariat)).Activity;
        Assert.NotEqual(reported.Name, second.Name);
        var held = (await cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = reported.Name, Status = ActivityStatus.Held, Etag = reported.Etag },
            UpdateMask = new() { Paths = { "status" } },
        }, Callers.MemberState("TKM"))).Activity;
        Assert.Equal(ActivityStatus.Held, held.Status);
        Assert.Equal(held, (await cbm.GetActivityAsync(new GetActivityRequest { Name = reported.Name })).Activity);
        var activities = await AllPagesAsync(t => cbm.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 1, PageToken = t }).ResponseAsync,
            r => r.NextPageToken, r => r.Activities.Select(a => a.Name));
        Assert.Equal(SeedData.ActivityCount + 2, activities.Count);
        Assert.Contains(reported.Name, activities);
        Assert.Contains(second.Name, activities);
        var heldWorkshops = await cbm.ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = trade, Year = 2024, Kind = ActivityKind.Workshop, Status = ActivityStatus.Held });
        Assert.Equal([held], heldWorkshops.Activities);
    }

    private static async Task<string> AssignmentOfAsync(CbmCoordinationService.CbmCoordinationServiceClient cbm, string area, string country) =>
        (await cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PriorityArea = area, CountryCode = country }))
        .CoordinatorAssignments.Single(a => a.EffectiveUntil is null).Name;

    // Every item of every page, in order.
    private static async Task<List<string>> AllPagesAsync<TResponse>(Func<string, Task<TResponse>> list, Func<TResponse, string> next,
        Func<TResponse, IEnumerable<string>> items)
    {
        var all = new List<string>();
        var token = "";
        do
        {
            var page = await list(token);
            all.AddRange(items(page));
            token = next(page);
        }
        while (token.Length > 0);
        return all;
    }

    private static IEnumerable<string> Seeded(string area, string role) =>
        SeedData.Assignments.Where(a => a.Area == area && a.Role == role).Select(a => a.Country).Order(StringComparer.Ordinal);


    private static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    private static DecisionReference Soc(int year, int month, int day) => new()
    {
        Body = DecisionBody.SeniorOfficialsCommittee, Meeting = "SOC meeting, Astana", Date = Day(year, month, day), Item = 1,
        Document = new DocumentSymbol { Value = "SOC/DOC/1400" },
    };

    private static DecisionReference Summit(int year, int month, int day) => new()
    {
        Body = DecisionBody.Summit, Meeting = "Seventh CICA Summit", Date = Day(year, month, day), Item = 1,
    };
}

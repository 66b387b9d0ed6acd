using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.CbmCoordination.Tests;

/// <summary>Reporting, updating and listing activities; bad input refused, naming the field, changing nothing.</summary>
public sealed class ActivityTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private const string Transport = "priorityAreas/economic-5";

    private static Activity ExpertsMeeting(CalendarDate date) => new()
    {
        PriorityArea = Transport,
        Title = new LocalizedText { En = "Experts meeting on transport corridors" },
        Description = "Baku, in person",
        Kind = ActivityKind.ExpertsMeeting,
        Date = date,
        Status = ActivityStatus.Planned,
        Documents = { new DocumentSymbol { Value = "SOC/DOC/1289" } },
    };

    private Task<ReportActivityResponse> Report(Activity activity, string requestId = "") =>
        platform.Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = activity, RequestId = requestId }, Callers.MemberState("AZE")).ResponseAsync;

    [Fact]
    public async Task A_reported_activity_comes_back_as_recorded()
    {
        var reported = (await Report(ExpertsMeeting(Dates.Day(2023, 4, 20)))).Activity;

        Assert.Matches("^activities/[0-9]+$", reported.Name);
        Assert.Equal(ExpertsMeeting(Dates.Day(2023, 4, 20)).Title, reported.Title);
        Assert.Equal("Baku, in person", reported.Description);
        Assert.Equal(["SOC/DOC/1289"], reported.Documents.Select(d => d.Value));
        Assert.Equal(new Actor { Kind = ActorKind.MemberState, CountryCode = "AZE" }, reported.ReportedBy);
        Assert.NotEmpty(reported.Etag);
        Assert.Equal(reported.CreateTime, reported.UpdateTime);
    }

    [Fact]
    public async Task A_retried_report_records_the_activity_once()
    {
        var first = (await Report(ExpertsMeeting(Dates.Day(2023, 6, 1)), "aze-2023-06-01")).Activity;
        var retry = (await Report(ExpertsMeeting(Dates.Day(2023, 6, 1)), "aze-2023-06-01")).Activity;

        Assert.Equal(first, retry);
        var list = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = Transport, PageSize = 100 });
        Assert.Single(list.Activities, a => a.Date.Equals(Dates.Day(2023, 6, 1)));
    }

    public static TheoryData<string, Action<Activity>> BadActivities => new()
    {
        { "activity.title.en", a => a.Title = new LocalizedText { Ru = "Совещание экспертов" } },
        { "activity.title.en", a => a.Title.En = new string('x', 501) },
        { "activity.kind", a => a.Kind = ActivityKind.Unspecified },
        { "activity.kind", a => a.Kind = (ActivityKind)42 },
        { "activity.status", a => a.Status = ActivityStatus.Unspecified },
        { "activity.date", a => a.Date = null },
        { "activity.date", a => a.Date = new CalendarDate { Year = 2023, Month = 2, Day = 30 } },
        { "activity.date", a => a.Date = new CalendarDate { Year = 2023, Day = 5 } },
        { "activity.documents[0].value", a => a.Documents[0].Value = "soc/doc/1289" },
        { "activity.priority_area", a => a.PriorityArea = "" },
        { "activity.priority_area", a => a.PriorityArea = "economic-5" },
        { "activity.outcome", a => a.Outcome = new string('x', 10001) },
    };

    [Theory]
    [MemberData(nameof(BadActivities))]
    public async Task A_malformed_activity_is_invalid_and_not_recorded(string field, Action<Activity> spoil)
    {
        var before = await platform.SnapshotAsync();
        var activity = ExpertsMeeting(Dates.Day(2023, 4, 20));
        spoil(activity);

        await RpcAssert.InvalidField(field, () => Report(activity));

        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task An_activity_of_an_unknown_area_is_not_found()
    {
        var before = await platform.SnapshotAsync();
        var activity = ExpertsMeeting(Dates.Day(2023, 4, 20));
        activity.PriorityArea = "priorityAreas/economic-12";

        await RpcAssert.FailsWith(StatusCode.NotFound, () => Report(activity));

        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_aborted()
    {
        var reported = (await Report(ExpertsMeeting(Dates.Day(2023, 9, 1)))).Activity;
        var first = (await platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = reported.Name, Status = ActivityStatus.Held, Etag = reported.Etag },
            UpdateMask = new() { Paths = { "status" } },
        }, Callers.MemberState("AZE"))).Activity;

        var before = await platform.SnapshotAsync();
        await RpcAssert.FailsWithReason(StatusCode.Aborted, "ETAG_MISMATCH", () => platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = reported.Name, Status = ActivityStatus.Cancelled, Etag = reported.Etag },
            UpdateMask = new() { Paths = { "status" } },
        }, Callers.MemberState("AZE")).ResponseAsync);

        await platform.AssertUnchangedAsync(before);
        Assert.Equal(ActivityStatus.Held, first.Status);
    }

    [Fact]
    public async Task An_update_names_real_fields_of_a_real_activity()
    {
        var reported = (await Report(ExpertsMeeting(Dates.Day(2023, 9, 2)))).Activity;
        var before = await platform.SnapshotAsync();

        Task Update(Activity activity, params string[] paths) => platform.Cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = activity, UpdateMask = new() { Paths = { paths } },
        }, Callers.MemberState("AZE")).ResponseAsync;

        await RpcAssert.InvalidField("update_mask.paths[0]", () => Update(new Activity { Name = reported.Name }, "venue"));
        await RpcAssert.InvalidField("update_mask.paths[1]", () => Update(new Activity { Name = reported.Name, Status = ActivityStatus.Held }, "status", "reported_by"));
        await RpcAssert.InvalidField("activity.title.en", () => Update(new Activity { Name = reported.Name }, "title"));
        await RpcAssert.InvalidField("update_mask", () => Update(new Activity { Name = reported.Name }));
        await RpcAssert.InvalidField("activity.name", () => Update(new Activity { Name = "activity/1", Status = ActivityStatus.Held }, "status"));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Update(new Activity { Name = "activities/9999", Status = ActivityStatus.Held }, "status"));
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Update(new Activity { Name = reported.Name, PriorityArea = "priorityAreas/economic-12" }, "priority_area"));

        await platform.AssertUnchangedAsync(before);
    }

    [Fact]
    public async Task Activities_list_in_date_order_and_filter_by_status_kind_and_year()
    {
        await Report(ExpertsMeeting(Dates.Day(2024, 2, 1)));
        await Report(ExpertsMeeting(Dates.Year(2024)));
        await Report(ExpertsMeeting(new CalendarDate { Year = 2024, Month = 1 }));

        var in2024 = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { Year = 2024, PageSize = 100 });
        Assert.Equal(["2024", "2024-01", "2024-02-01"], in2024.Activities.Select(a => a.Date.ToIsoString()));

        var workshops = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { Kind = ActivityKind.Workshop, Status = ActivityStatus.Planned, PageSize = 100 });
        Assert.Equal(["2022", "2023"], workshops.Activities.Select(a => a.Date.ToIsoString()));

        // Walked two at a time, the list is the unpaged list: the same activities in the same order,
        // none repeated or skipped. (The tests of a class run one at a time: nothing is reported meanwhile.)
        var unpaged = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 100 });
        Assert.True(unpaged.NextPageToken.Length == 0, "more than one page of 100 activities: the comparison needs a larger page");
        var walked = new List<Activity>();
        var token = "";
        do
        {
            var page = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 2, PageToken = token });
            Assert.InRange(page.Activities.Count, 1, 2);
            walked.AddRange(page.Activities);
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(unpaged.Activities.Select(a => a.Name), walked.Select(a => a.Name));
        Assert.Equal(walked.Count, walked.Select(a => a.Name).Distinct().Count());
        var dates = walked.Select(a => a.Date.ToIsoString()).ToList();
        Assert.Equal(dates.Order(StringComparer.Ordinal), dates);

        var firstOf2024 = await platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { Year = 2024, PageSize = 1 });
        await RpcAssert.InvalidField("page_token", () => platform.Cbm.ListActivitiesAsync(
            new ListActivitiesRequest { Year = 2023, PageToken = firstOf2024.NextPageToken }).ResponseAsync); // a token of other filters
        await RpcAssert.FailsWith(StatusCode.NotFound, () => platform.Cbm.ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = "priorityAreas/economic-12" }).ResponseAsync);
    }
}

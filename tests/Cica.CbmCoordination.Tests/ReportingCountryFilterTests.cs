using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// ListActivities' reporting_country filter over a real socket on the seeded platform (RUS reported
/// the two seeded activities): one country's activities and no other's, none the Secretariat
/// reported, combined with the other filters, paged, and refused when the code or the page token
/// does not fit.
/// </summary>
public sealed class ReportingCountryFilterTests(CbmPlatform platform) : IClassFixture<CbmPlatform>
{
    private const string Transport = "priorityAreas/economic-5";             // Azerbaijan coordinates it, open-ended
    private const string Ict = "priorityAreas/new-challenges-and-threats-3"; // RUS coordinates, CHN co-coordinates, in 2023

    private CbmCoordinationService.CbmCoordinationServiceClient Cbm => platform.Cbm;

    private static Activity Of(string area, ActivityKind kind, CalendarDate date, string title) => new()
    {
        PriorityArea = area, Title = new LocalizedText { En = title }, Kind = kind, Date = date, Status = ActivityStatus.Planned,
    };

    // Two AZE activities of Transport, one CHN activity of ICT, and one the Secretariat reports for Transport.
    private async Task<(Activity Meeting, Activity Workshop, Activity Chinese, Activity Secretariat)> ReportAsync()
    {
        var aze = Callers.MemberState("AZE");
        var meeting = (await Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Of(Transport, ActivityKind.ExpertsMeeting, Dates.Day(2024, 3, 1), "Experts meeting on transit") }, aze)).Activity;
        var workshop = (await Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Of(Transport, ActivityKind.Workshop, Dates.Day(2024, 5, 1), "Workshop on dry ports") }, aze)).Activity;
        var chinese = (await Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Of(Ict, ActivityKind.Workshop, Dates.Day(2023, 5, 17), "Workshop on ICT security") }, Callers.MemberState("CHN"))).Activity;
        var secretariat = (await Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Of(Transport, ActivityKind.Workshop, Dates.Day(2024, 6, 1), "Workshop on corridors") }, Callers.Secretariat)).Activity;
        return (meeting, workshop, chinese, secretariat);
    }

    private async Task<List<Activity>> AllPagesAsync(ListActivitiesRequest request)
    {
        var activities = new List<Activity>();
        do
        {
            var page = await Cbm.ListActivitiesAsync(request);
            activities.AddRange(page.Activities);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return activities;
    }

    [Fact]
    public async Task A_country_sees_the_activities_it_reported_alone_combined_with_other_filters_and_page_by_page()
    {
        var (meeting, workshop, chinese, secretariat) = await ReportAsync();
        var everything = await AllPagesAsync(new ListActivitiesRequest { PageSize = 100 });

        // The tests of this class share one platform: each adds its activities, so expectations are read from the whole list.
        IEnumerable<string> Reported(string country, Func<Activity, bool>? also = null) =>
            everything.Where(a => a.ReportedBy?.CountryCode == country && (also is null || also(a))).Select(a => a.Name);

        var azerbaijan = (await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "AZE", PageSize = 100 })).Activities;
        Assert.Equal(Reported("AZE"), azerbaijan.Select(a => a.Name));
        Assert.Superset(new HashSet<string> { meeting.Name, workshop.Name }, azerbaijan.Select(a => a.Name).ToHashSet());
        Assert.DoesNotContain(secretariat.Name, azerbaijan.Select(a => a.Name)); // of AZE's area, but the Secretariat reported it
        var russia = (await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "RUS", PageSize = 100 })).Activities;
        Assert.Equal(Reported("RUS"), russia.Select(a => a.Name));
        Assert.Equal(["2022", "2023"], russia.Select(a => a.Date.ToIsoString())); // the two seeded workshops, in date order
        var china = (await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "CHN", PageSize = 100 })).Activities;
        Assert.Equal(Reported("CHN"), china.Select(a => a.Name));
        Assert.Contains(chinese.Name, china.Select(a => a.Name));
        var kazakhstan = await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "KAZ" });
        Assert.Empty(kazakhstan.Activities);
        Assert.Equal("", kazakhstan.NextPageToken);

        // AND with the kind: AZE's workshops, not its experts meeting nor the Secretariat's workshop.
        var workshops = (await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "AZE", Kind = ActivityKind.Workshop, PageSize = 100 })).Activities;
        Assert.Equal(Reported("AZE", a => a.Kind == ActivityKind.Workshop), workshops.Select(a => a.Name));
        Assert.Contains(workshop.Name, workshops.Select(a => a.Name));
        Assert.DoesNotContain(meeting.Name, workshops.Select(a => a.Name));
        // AND with the year and the area: RUS's 2023 workshop alone; nothing of RUS in AZE's area.
        var russia2023 = (await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "RUS", Year = 2023, PriorityArea = Ict })).Activities;
        Assert.Equal(Reported("RUS", a => a.Date.Year == 2023 && a.PriorityArea == Ict), russia2023.Select(a => a.Name));
        Assert.Single(russia2023);
        Assert.Empty((await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "RUS", PriorityArea = Transport })).Activities);

        // One activity a page: the same activities, each once, in order, and a token on every page but the last.
        var pages = new List<ListActivitiesResponse>();
        var request = new ListActivitiesRequest { ReportingCountry = "AZE", PageSize = 1 };
        do
        {
            pages.Add(await Cbm.ListActivitiesAsync(request));
            request.PageToken = pages[^1].NextPageToken;
        } while (request.PageToken.Length > 0);
        Assert.Equal(Enumerable.Repeat(1, azerbaijan.Count), pages.Select(p => p.Activities.Count));
        Assert.Equal(azerbaijan.Select(a => a.Name), pages.SelectMany(p => p.Activities).Select(a => a.Name));
    }

    [Fact]
    public async Task A_page_token_made_under_another_filter_is_refused()
    {
        await ReportAsync();
        var azerbaijan = await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "AZE", PageSize = 1 });
        Assert.NotEqual("", azerbaijan.NextPageToken);
        var unfiltered = await Cbm.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 1 });
        Assert.NotEqual("", unfiltered.NextPageToken);

        // AZE's token under another country, or under none; and an unfiltered list's token under AZE.
        await RpcAssert.InvalidField("page_token", () => Cbm.ListActivitiesAsync(new ListActivitiesRequest
        {
            ReportingCountry = "RUS", PageSize = 1, PageToken = azerbaijan.NextPageToken,
        }).ResponseAsync);
        await RpcAssert.InvalidField("page_token", () => Cbm.ListActivitiesAsync(new ListActivitiesRequest
        {
            PageSize = 1, PageToken = azerbaijan.NextPageToken,
        }).ResponseAsync);
        await RpcAssert.InvalidField("page_token", () => Cbm.ListActivitiesAsync(new ListActivitiesRequest
        {
            ReportingCountry = "AZE", PageSize = 1, PageToken = unfiltered.NextPageToken,
        }).ResponseAsync);
        // The same filter continues.
        var next = await Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = "AZE", PageSize = 1, PageToken = azerbaijan.NextPageToken });
        Assert.Equal(["AZE"], next.Activities.Select(a => a.ReportedBy.CountryCode));
    }

    [Theory]
    [InlineData("kaz")]   // lower case
    [InlineData("KZ")]    // alpha-2
    [InlineData("KAZX")]
    [InlineData("XYZ")]   // well-formed, but no country has it
    public async Task A_code_that_is_not_a_countrys_is_refused_naming_the_field(string code)
    {
        var refusal = await RpcAssert.InvalidField("reporting_country", () =>
            Cbm.ListActivitiesAsync(new ListActivitiesRequest { ReportingCountry = code }).ResponseAsync);
        Assert.Equal(["reporting_country"], RpcAssert.Fields(refusal));
    }
}

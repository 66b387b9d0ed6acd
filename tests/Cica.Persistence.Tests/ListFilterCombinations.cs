using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;

namespace Cica.Persistence.Tests;

/// <summary>
/// Calls every List method of Membership and CBM Coordination with every combination of its filters
/// set or unset, each on its first page and (where the key is optional in the SQL) on a page after a
/// key, so every WHERE variant the stores can build is emitted. Values are chosen so that each
/// combination matches at least two rows (asserted: a next page token comes back). Assumes a freshly
/// seeded platform.
/// </summary>
public static class ListFilterCombinations
{
    /// <summary>
    /// The WHERE variants each keyset-paged table's list can emit: two per optional condition, the key
    /// counting as one where a first page omits it (member_states, observers, accession_applications,
    /// activities) and not where it is always present (priority_areas, coordinator_assignments).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, int> Variants = new Dictionary<string, int>
    {
        ["member_states"] = 8,           // after × as_of × accession_year
        ["observers"] = 8,               // after × kind × status
        ["accession_applications"] = 4,  // after × state
        ["dimensions"] = 1,              // the key only
        ["priority_areas"] = 2,          // dimension
        ["coordinator_assignments"] = 16, // priority_area × country_code × role × as_of
        ["activities"] = 64,             // after × priority_area × kind × status × year × reporting_country
    };

    /// <summary>Makes the data two rows deep where the seed is not, then calls every combination.</summary>
    public static async Task CallAllAsync(PlatformHost host)
    {
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var cbm = host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();

        // Two SUBMITTED applications (the seed has one RECOMMENDED).
        foreach (var country in new[] { "JPN", "MYS" })
            await membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest { CountryCode = country, SubmittedOn = Day(2024, 2, 1) }, Callers.Secretariat);
        // A second and a third planned workshop of new-challenges-and-threats-3 in 2023 (the seed has one,
        // reported by RUS): one the Secretariat reports, one RUS reports, so RUS's are two deep too.
        foreach (var reporter in new[] { Callers.Secretariat, Callers.MemberState("RUS") })
            await cbm.ReportActivityAsync(new ReportActivityRequest
            {
                Activity = new Activity
                {
                    PriorityArea = "priorityAreas/new-challenges-and-threats-3", Title = new LocalizedText { En = "Workshop on ICT incident response" },
                    Kind = ActivityKind.Workshop, Date = new CalendarDate { Year = 2023 }, Status = ActivityStatus.Planned,
                },
            }, reporter);

        for (var set = 0; set < 4; set++)
        {
            var request = new ListMemberStatesRequest { PageSize = 1 };
            if ((set & 1) != 0) request.AsOf = Day(2022, 10, 12);
            if ((set & 2) != 0) request.AccessionYear = 1999;
            var first = await membership.ListMemberStatesAsync(request);
            Assert.Single(first.MemberStates);
            request.PageToken = NextOf(first.NextPageToken, request);
            Assert.Single((await membership.ListMemberStatesAsync(request)).MemberStates);
        }

        for (var set = 0; set < 4; set++)
        {
            var request = new ListObserversRequest { PageSize = 1 };
            if ((set & 1) != 0) request.Kind = ObserverKind.State;
            if ((set & 2) != 0) request.Status = ParticipationStatus.Observer;
            var first = await membership.ListObserversAsync(request);
            Assert.Single(first.Observers);
            request.PageToken = NextOf(first.NextPageToken, request);
            Assert.Single((await membership.ListObserversAsync(request)).Observers);
        }

        for (var set = 0; set < 2; set++)
        {
            var request = new ListAccessionApplicationsRequest { PageSize = 1 };
            if (set != 0) request.State = AccessionApplicationState.Submitted;
            var first = await membership.ListAccessionApplicationsAsync(request);
            Assert.Single(first.AccessionApplications);
            request.PageToken = NextOf(first.NextPageToken, request);
            Assert.Single((await membership.ListAccessionApplicationsAsync(request)).AccessionApplications);
        }

        var dimensions = new ListDimensionsRequest { PageSize = 1 };
        dimensions.PageToken = NextOf((await cbm.ListDimensionsAsync(dimensions)).NextPageToken, dimensions);
        Assert.Single((await cbm.ListDimensionsAsync(dimensions)).Dimensions);

        for (var set = 0; set < 2; set++)
        {
            var request = new ListPriorityAreasRequest { PageSize = 1 };
            if (set != 0) request.Dimension = "dimensions/economic";
            Assert.Single((await cbm.ListPriorityAreasAsync(request)).PriorityAreas);
        }

        // In effect on 12 October 2022 in economic-8: KGZ and TUR, both co-coordinators.
        for (var set = 0; set < 16; set++)
        {
            var request = new ListCoordinatorAssignmentsRequest { PageSize = 100 };
            if ((set & 1) != 0) request.PriorityArea = "priorityAreas/economic-8";
            if ((set & 2) != 0) request.CountryCode = "KGZ";
            if ((set & 4) != 0) request.Role = CoordinatorRole.CoCoordinator;
            if ((set & 8) != 0) request.AsOf = Day(2022, 10, 12);
            var page = await cbm.ListCoordinatorAssignmentsAsync(request);
            Assert.Contains(page.CoordinatorAssignments, a => a.CountryCode == "KGZ" && a.PriorityArea == "priorityAreas/economic-8");
        }

        for (var set = 0; set < 32; set++)
        {
            var request = new ListActivitiesRequest { PageSize = 1 };
            if ((set & 1) != 0) request.PriorityArea = "priorityAreas/new-challenges-and-threats-3";
            if ((set & 2) != 0) request.Kind = ActivityKind.Workshop;
            if ((set & 4) != 0) request.Status = ActivityStatus.Planned;
            if ((set & 8) != 0) request.Year = 2023;
            if ((set & 16) != 0) request.ReportingCountry = "RUS";
            var first = await cbm.ListActivitiesAsync(request);
            Assert.Single(first.Activities);
            request.PageToken = NextOf(first.NextPageToken, request);
            Assert.Single((await cbm.ListActivitiesAsync(request)).Activities);
        }
    }

    // The token of a second page; without one the "after" variant of this combination would never run.
    private static string NextOf(string token, object request)
    {
        Assert.True(token.Length > 0, $"{request} matched fewer than two rows, so its page after a key was not read");
        return token;
    }

    private static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };
}

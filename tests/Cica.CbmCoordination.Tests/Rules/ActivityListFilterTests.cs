using Cica.CbmCoordination.Api;
using Cica.Contracts.Cbm.V1;
using Cica.Domain.Errors;

namespace Cica.CbmCoordination.Tests.Rules;

/// <summary>ListActivities' filters as read from a request, and the fingerprint its page tokens carry.</summary>
public sealed class ActivityListFilterTests
{
    private static IReadOnlyList<string> Fields(ListActivitiesRequest request)
    {
        try
        {
            ActivityListFilters.Read(request);
            return [];
        }
        catch (InvalidRequestException ex)
        {
            return [.. ex.Violations.Select(v => v.Field)];
        }
    }

    [Fact]
    public void A_reporting_country_is_read_as_given_and_empty_means_any()
    {
        Assert.Equal("KAZ", ActivityListFilters.Read(new ListActivitiesRequest { ReportingCountry = "KAZ" }).ReportingCountry);
        Assert.Null(ActivityListFilters.Read(new ListActivitiesRequest()).ReportingCountry);
    }

    [Theory]
    [InlineData("kaz")]
    [InlineData("KZ")]
    [InlineData("KAZX")]
    [InlineData("K4Z")]
    [InlineData("XYZ")] // three letters, but no country's
    public void A_code_that_is_not_an_ISO_3166_alpha_3_country_is_refused(string code) =>
        Assert.Equal(["reporting_country"], Fields(new ListActivitiesRequest { ReportingCountry = code }));

    [Fact]
    public void Every_malformed_filter_is_named_at_once() =>
        Assert.Equal(["priority_area", "year", "reporting_country"],
            Fields(new ListActivitiesRequest { PriorityArea = "areas/x", Year = -1, ReportingCountry = "kz" }));

    [Fact]
    public void The_page_token_fingerprint_differs_by_reporting_country()
    {
        string Of(string country) => ActivityListFilters.Fingerprint(ActivityListFilters.Read(new ListActivitiesRequest
        {
            PriorityArea = "priorityAreas/economic-5", Year = 2024, ReportingCountry = country,
        }));
        Assert.Equal(3, new[] { Of(""), Of("KAZ"), Of("AZE") }.Distinct().Count());
        Assert.Equal(Of("KAZ"), Of("KAZ"));
    }

    [Fact]
    public void Without_a_reporting_country_the_fingerprint_is_the_one_tokens_carried_before_the_filter_existed() =>
        // "area|kind|status|year", as the service wrote it before.
        Assert.Equal($"economic-5|{(int)ActivityKind.Workshop}|{(int)ActivityStatus.Planned}|2023", ActivityListFilters.Fingerprint(ActivityListFilters.Read(new ListActivitiesRequest
        {
            PriorityArea = "priorityAreas/economic-5", Kind = ActivityKind.Workshop, Status = ActivityStatus.Planned, Year = 2023,
        })));
}

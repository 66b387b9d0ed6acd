using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Countries;
using Cica.Domain.Errors;

namespace Cica.CbmCoordination.Api;

/// <summary>
/// The filters of a ListActivities request: checked (INVALID_ARGUMENT naming every offending field),
/// read as the store filters, and the fingerprint its page tokens are bound to.
/// </summary>
public static class ActivityListFilters
{
    /// <summary>The request's filters; throws <see cref="InvalidRequestException"/> naming each malformed one.</summary>
    public static ActivityStore.Filter Read(ListActivitiesRequest request)
    {
        var violations = new FieldViolations();
        var areaId = RequestChecks.AreaId(violations, "priority_area", request.PriorityArea, required: false);
        if (!Enum.IsDefined(request.Kind)) violations.Add("kind", $"unknown kind {(int)request.Kind}");
        if (!Enum.IsDefined(request.Status)) violations.Add("status", $"unknown status {(int)request.Status}");
        if (request.Year is < 0 or > 9999) violations.Add("year", "must be a year between 1 and 9999, or 0 for any");
        if (request.ReportingCountry.Length > 0) violations.AddIf("reporting_country", IsoCountries.Problem(request.ReportingCountry));
        violations.ThrowIfAny();

        return new ActivityStore.Filter(areaId, (int)request.Kind, (int)request.Status, request.Year,
            request.ReportingCountry.Length > 0 ? request.ReportingCountry : null);
    }

    /// <summary>
    /// The filters a page token is bound to (a token made under other filters is refused). The
    /// reporting country is appended only when set, so tokens issued before it existed stay valid.
    /// </summary>
    public static string Fingerprint(ActivityStore.Filter filter) =>
        $"{filter.AreaId}|{filter.Kind}|{filter.Status}|{filter.Year}"
        + (filter.ReportingCountry is null ? "" : $"|{filter.ReportingCountry}");
}

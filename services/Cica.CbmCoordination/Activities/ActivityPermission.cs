using Cica.CbmCoordination.Storage;
using Cica.Contracts.Common.V1;
using Cica.Persistence;
using Cica.Domain.Callers;
using Cica.Domain.Errors;

namespace Cica.CbmCoordination.Activities;

/// <summary>
/// Who may write an activity: the Secretariat, for any area; a member state, for an area it
/// coordinates or co-coordinates on the activity's date. A date given as a year or a month counts
/// if the state held the role on some day of it ("a workshop in 2023" by a coordinator until
/// 30 June 2023 is its own).
/// </summary>
public static class ActivityPermission
{
    /// <summary>PERMISSION_DENIED unless <paramref name="caller"/> may write activities of the area on the date.</summary>
    public static async Task RequireAsync(UnitOfWork uow, Caller caller, string areaId, CalendarDate date, CancellationToken ct)
    {
        if (caller.IsSecretariat) return;
        var holds = await AssignmentStore.OverlappingAsync(uow, areaId, caller.CountryCode!, date.FirstDay(), date.LastDay(), ct);
        if (holds.Count > 0) return;
        var area = ResourceNames.PriorityArea(areaId);
        throw Refusals.NotPermitted("NOT_A_COORDINATOR",
            $"{caller.CountryCode} does not coordinate or co-coordinate {area} on {date.ToIsoString()}: only the area's coordinators and co-coordinators on the activity's date, and the Secretariat, write its activities.",
            new Dictionary<string, string> { ["caller"] = caller.ToString(), ["priority_area"] = area, ["date"] = date.ToIsoString() });
    }
}

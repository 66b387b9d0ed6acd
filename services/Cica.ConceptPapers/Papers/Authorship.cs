using Cica.ConceptPapers.Coordinators;
using Cica.ConceptPapers.Storage;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// Who may write a document: the Secretariat, or a coordinator or co-coordinator of the document's
/// priority area on the day of the write, as CBM Coordination's events say (coordinator_terms).
/// </summary>
public static class Authorship
{
    /// <summary>NOT_FOUND unless CBM Coordination has announced the area.</summary>
    public static async Task RequireKnownAreaAsync(UnitOfWork uow, string areaId, CancellationToken ct)
    {
        if (!await CoordinatorTerms.AreaKnownAsync(uow, areaId, ct)) throw Refusals.NotFound(ResourceNames.PriorityArea(areaId));
    }

    /// <summary>
    /// Refuses (PERMISSION_DENIED) a member state that did not coordinate or co-coordinate
    /// <paramref name="areaId"/> on <paramref name="day"/>, or any member state for a document of no
    /// area; <paramref name="what"/> completes "may not …".
    /// </summary>
    public static async Task RequireAuthorAsync(UnitOfWork uow, Caller caller, string? areaId, DateOnly day, string what, CancellationToken ct)
    {
        if (caller.IsSecretariat) return;
        if (areaId is null)
            throw Refusals.NotPermitted("SECRETARIAT_ONLY",
                $"Only the Secretariat may {what} a document of no priority area; the caller is {caller}.",
                new Dictionary<string, string> { ["caller"] = caller.ToString() });
        if (!await CoordinatorTerms.CoordinatesAsync(uow, areaId, caller.CountryCode!, day, ct))
            throw Refusals.NotPermitted("NOT_A_COORDINATOR",
                $"{caller.CountryCode} does not coordinate or co-coordinate {ResourceNames.PriorityArea(areaId)} on {day:yyyy-MM-dd}, so it may not {what} its documents.",
                new Dictionary<string, string>
                {
                    ["caller"] = caller.ToString(),
                    ["priority_area"] = ResourceNames.PriorityArea(areaId),
                    ["date"] = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                });
    }
}

using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Google.Protobuf.WellKnownTypes;

namespace Cica.CbmCoordination.Activities;

/// <summary>
/// The activities coordinating countries report for their priority areas. Each write checks that
/// the area exists and that the caller may write its activities on the date (before and after an
/// update), and writes its event in the caller's transaction. Activities reaching here are well-formed.
/// </summary>
public static class ActivityLog
{
    /// <summary>Records a new activity.</summary>
    public static async Task<ActivityRow> ReportAsync(UnitOfWork uow, Activity activity, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var areaId = await ExistingAreaAsync(uow, activity.PriorityArea, ct);
        await ActivityPermission.RequireAsync(uow, caller, areaId, activity.Date, ct);

        var id = await Sequences.NextAsync(uow, Sequences.Activities, ct);
        var row = ActivityRow.New(id, activity, caller.ToActor(), Timestamps.Format(now));
        await ActivityStore.InsertAsync(uow, row, ct);
        await uow.AddAsync(new ActivityReported
        {
            Activity = row.ToResource(),
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = caller.ToActor(),
        }, ct);
        return row;
    }

    /// <summary>
    /// Changes <paramref name="fields"/> of an activity to the values in <paramref name="changes"/>.
    /// PERMISSION_DENIED when the caller may not write it (checked before the etag); ABORTED when
    /// <paramref name="etag"/> is given and stale.
    /// </summary>
    public static async Task<ActivityRow> UpdateAsync(UnitOfWork uow, long activityId, Activity changes, IReadOnlyList<string> fields,
        string etag, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        var name = ResourceNames.Activity(activityId);
        var row = await ActivityStore.FindAsync(uow, activityId, ct) ?? throw Refusals.NotFound(name);
        // Permission first: a caller who may not write the activity learns nothing about its version.
        await ActivityPermission.RequireAsync(uow, caller, row.AreaId, row.Date, ct);
        if (etag.Length > 0 && etag != row.Etag) throw Refusals.StaleEtag(name);

        var merged = ActivityFields.Merge(row.ToResource(), changes, fields);
        var areaId = await ExistingAreaAsync(uow, merged.PriorityArea, ct);
        await ActivityPermission.RequireAsync(uow, caller, areaId, merged.Date, ct);

        var updated = row.With(merged) with { UpdateTime = Timestamps.Format(now), Version = row.Version + 1 };
        // Writes hold the write lock, so this fails only if that discipline is ever broken.
        if (!await ActivityStore.UpdateAsync(uow, updated, row.Version, ct)) throw Refusals.StaleEtag(name);
        await uow.AddAsync(new ActivityUpdated
        {
            Activity = updated.ToResource(),
            ChangedFields = { fields },
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = caller.ToActor(),
        }, ct);
        return updated;
    }

    private static async Task<string> ExistingAreaAsync(UnitOfWork uow, string areaName, CancellationToken ct)
    {
        var area = await PriorityAreaStore.FindAsync(uow, ResourceNames.AreaIdOf(areaName)!, ct) ?? throw Refusals.NotFound(areaName);
        return area.AreaId;
    }
}

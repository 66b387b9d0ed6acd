using Cica.CbmCoordination.Activities;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.ServiceDefaults.Errors;
using Cica.ServiceDefaults.Requests;
using Grpc.Core;

namespace Cica.CbmCoordination.Api;

// Activities of the priority areas, reported by their coordinating countries.
public sealed partial class CbmCoordinationGrpcService
{
    /// <inheritdoc />
    public override async Task<GetActivityResponse> GetActivity(GetActivityRequest request, ServerCallContext context)
    {
        var id = ActivityId(request.Name, "name");
        var row = await activities.FindAsync(id, context.CancellationToken) ?? throw RpcErrors.NotFound(request.Name);
        return new GetActivityResponse { Activity = row.ToResource() };
    }

    /// <inheritdoc />
    public override async Task<ListActivitiesResponse> ListActivities(ListActivitiesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var areaId = RequestChecks.AreaId(violations, "priority_area", request.PriorityArea, required: false);
        if (!Enum.IsDefined(request.Kind)) violations.Add("kind", $"unknown kind {(int)request.Kind}");
        if (!Enum.IsDefined(request.Status)) violations.Add("status", $"unknown status {(int)request.Status}");
        if (request.Year is < 0 or > 9999) violations.Add("year", "must be a year between 1 and 9999, or 0 for any");
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        if (areaId is not null) await ExistingAreaAsync(areaId, ct);
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{areaId}|{(int)request.Kind}|{(int)request.Status}|{request.Year}");
        var (afterDate, afterId) = page.After is null ? (null, 0) : RequestChecks.SplitKey(page.After, "");
        var filter = new ActivityStore.Filter(areaId, (int)request.Kind, (int)request.Status, request.Year);
        var rows = await activities.ListAsync(filter, afterDate, afterId, page.Limit, ct);
        var (items, next) = page.Page(rows, r => RequestChecks.Key(r.ActivityDate, r.ActivityId));
        return new ListActivitiesResponse { Activities = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<ReportActivityResponse> ReportActivity(ReportActivityRequest request, ServerCallContext context)
    {
        var caller = callers.Resolve(context);
        var violations = new FieldViolations();
        if (request.Activity is null) violations.Add("activity", "is required");
        else ActivityFields.Validate(violations, "activity.", request.Activity, ActivityFields.Writable);
        violations.AddIf("request_id", RetriedRequests.Problem(request.RequestId));
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        // One caller's request_id never returns another caller's result.
        return await database.WriteAsync(uow => RetriedRequests.RunOnceAsync(uow, $"{nameof(ReportActivity)}:{caller}", request.RequestId, request,
            async () => new ReportActivityResponse
            {
                Activity = (await ActivityLog.ReportAsync(uow, request.Activity!, caller, clock.GetUtcNow(), ct)).ToResource(),
            }, ct), ct);
    }

    /// <inheritdoc />
    public override async Task<UpdateActivityResponse> UpdateActivity(UpdateActivityRequest request, ServerCallContext context)
    {
        var caller = callers.Resolve(context);
        if (request.Activity is null) throw RpcErrors.InvalidArgument("activity", "is required: the activity's name and the new values");
        var id = ActivityId(request.Activity.Name, "activity.name");
        var violations = new FieldViolations();
        var fields = ActivityFields.ToChange(request.UpdateMask, request.Activity, violations);
        ActivityFields.Validate(violations, "activity.", request.Activity, fields);
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        var updated = await database.WriteAsync(uow => ActivityLog.UpdateAsync(uow, id, request.Activity, fields, request.Activity.Etag, caller, clock.GetUtcNow(), ct), ct);
        return new UpdateActivityResponse { Activity = updated.ToResource() };
    }

    private static long ActivityId(string name, string field) =>
        ResourceNames.ActivityIdOf(name)
        ?? throw RpcErrors.InvalidArgument(field, name.Length == 0 ? "is required, e.g. activities/1" : $"'{name}' is not an activity name such as activities/1");
}

using Cica.CbmCoordination.Activities;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Cica.ServiceKit.Writes;
using Grpc.Core;

namespace Cica.CbmCoordination.Api;

// Activities of the priority areas, reported by their coordinating countries.
public sealed partial class CbmCoordinationGrpcService
{
    /// <inheritdoc />
    public override async Task<GetActivityResponse> GetActivity(GetActivityRequest request, ServerCallContext context)
    {
        var id = ActivityId(request.Name, "name");
        var row = await activities.FindAsync(id, context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
        return new GetActivityResponse { Activity = row.ToResource() };
    }

    /// <inheritdoc />
    public override async Task<ListActivitiesResponse> ListActivities(ListActivitiesRequest request, ServerCallContext context)
    {
        var filter = ActivityListFilters.Read(request);
        var ct = context.CancellationToken;
        if (filter.AreaId is not null) await ExistingAreaAsync(filter.AreaId, ct);
        var page = PageRequest.Parse(request.PageSize, request.PageToken, ActivityListFilters.Fingerprint(filter));
        var (afterDate, afterId) = page.After is null ? (null, 0) : RequestChecks.SplitKey(page.After, "");
        var rows = await activities.ListAsync(filter, afterDate, afterId, page.Limit, ct);
        var (items, next) = page.Page(rows, r => RequestChecks.Key(r.ActivityDate, r.ActivityId));
        return new ListActivitiesResponse { Activities = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<ReportActivityResponse> ReportActivity(ReportActivityRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<ReportActivityResponse>
        {
            Validate = violations =>
            {
                if (request.Activity is null) violations.Add("activity", "is required");
                else ActivityFields.Validate(violations, "activity.", request.Activity, ActivityFields.Writable);
            },
            RequestId = request.RequestId,
            Apply = async write => new ReportActivityResponse
            {
                Activity = (await ActivityLog.ReportAsync(write.Uow, request.Activity!, write.Caller, write.Now, write.CancellationToken)).ToResource(),
            },
        });

    /// <inheritdoc />
    public override Task<UpdateActivityResponse> UpdateActivity(UpdateActivityRequest request, ServerCallContext context)
    {
        long id = 0;
        IReadOnlyList<string> fields = [];
        return writes.RunAsync(request, context, new Write<UpdateActivityResponse>
        {
            Validate = violations =>
            {
                if (request.Activity is null) throw Refusals.InvalidField("activity", "is required: the activity's name and the new values");
                id = ActivityId(request.Activity.Name, "activity.name");
                fields = ActivityFields.ToChange(request.UpdateMask, request.Activity, violations);
                ActivityFields.Validate(violations, "activity.", request.Activity, fields);
            },
            Apply = async write => new UpdateActivityResponse
            {
                Activity = (await ActivityLog.UpdateAsync(write.Uow, id, request.Activity, fields, request.Activity.Etag, write.Caller, write.Now, write.CancellationToken)).ToResource(),
            },
        });
    }

    private static long ActivityId(string name, string field) =>
        ResourceNames.ActivityIdOf(name)
        ?? throw Refusals.InvalidField(field, name.Length == 0 ? "is required, e.g. activities/1" : $"'{name}' is not an activity name such as activities/1");
}

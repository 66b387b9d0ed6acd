using Cica.Domain.Callers;
using Cica.CbmCoordination.Coordination;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Countries;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Cica.ServiceKit.Writes;
using Grpc.Core;

namespace Cica.CbmCoordination.Api;

// Coordinator assignments: their history, and amendments of the list.
public sealed partial class CbmCoordinationGrpcService
{
    /// <summary>Most changes in one amendment.</summary>
    public const int MaxChanges = 100;

    /// <inheritdoc />
    public override async Task<ListCoordinatorAssignmentsResponse> ListCoordinatorAssignments(ListCoordinatorAssignmentsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var areaId = RequestChecks.AreaId(violations, "priority_area", request.PriorityArea, required: false);
        if (request.CountryCode.Length > 0) violations.AddIf("country_code", IsoCountries.Problem(request.CountryCode));
        if (!Enum.IsDefined(request.Role)) violations.Add("role", $"unknown role {(int)request.Role}");
        var asOf = RequestChecks.AsOf(violations, "as_of", request.AsOf);
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        if (areaId is not null) await ExistingAreaAsync(areaId, ct);
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{areaId}|{request.CountryCode}|{(int)request.Role}|{request.AsOf}");
        var (afterSort, afterId) = RequestChecks.SplitKey(page.After, "0");
        var filter = new AssignmentStore.Filter(areaId, request.CountryCode.Length > 0 ? request.CountryCode : null, (int)request.Role, asOf);
        var rows = await assignments.ListAsync(filter, RequestChecks.IntKey(afterSort), afterId, page.Limit, ct);
        var (items, next) = page.Page(rows, r => RequestChecks.Key(r.SortOrder, r.AssignmentId));
        return new ListCoordinatorAssignmentsResponse { CoordinatorAssignments = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<AmendCoordinatorListResponse> AmendCoordinatorList(AmendCoordinatorListRequest request, ServerCallContext context)
    {
        var effectiveOn = default(DateOnly);
        return writes.RunAsync(request, context, new Write<AmendCoordinatorListResponse>
        {
            Authorize = caller => caller.RequireSecretariat("amends the list of coordinating countries"),
            Validate = violations => effectiveOn = ValidateAmendment(request, violations),
            RequestId = request.RequestId,
            Apply = write => CoordinatorList.AmendAsync(write.Uow, new Amendment(request.Decision, effectiveOn, write.Caller.ToActor(), write.Now),
                request.Changes, write.CancellationToken),
        });
    }

    // Every shape violation of the request; returns the day the amendment takes effect (when it has none).
    private static DateOnly ValidateAmendment(AmendCoordinatorListRequest request, FieldViolations violations)
    {
        DecisionReferences.Validate(violations, "decision", request.Decision);
        DateOnly? effectiveOn = null;
        if (request.EffectiveOn is not null)
            effectiveOn = RequestChecks.AsOf(violations, "effective_on", request.EffectiveOn);
        else if (request.Decision?.Date is { } date && date.Problem() is null)
        {
            if (date.IsFullDate) effectiveOn = date.ToDateOnly();
            else violations.Add("effective_on", "is required when the decision's date is not a full date");
        }

        if (request.Changes.Count == 0) violations.Add("changes", "at least one change is required");
        if (request.Changes.Count > MaxChanges) violations.Add("changes", $"at most {MaxChanges} changes per amendment");
        for (var i = 0; i < request.Changes.Count; i++)
        {
            var field = $"changes[{i}]";
            var change = request.Changes[i];
            switch (change.ChangeCase)
            {
                case CoordinatorListChange.ChangeOneofCase.Add:
                    var add = change.Add;
                    RequestChecks.AreaId(violations, field + ".add.priority_area", add.PriorityArea, required: true);
                    violations.AddIf(field + ".add.country_code", IsoCountries.Problem(add.CountryCode));
                    if (add.Role == CoordinatorRole.Unspecified) violations.Add(field + ".add.role", "is required: COORDINATOR_ROLE_COORDINATOR or COORDINATOR_ROLE_CO_COORDINATOR");
                    else if (!Enum.IsDefined(add.Role)) violations.Add(field + ".add.role", $"unknown role {(int)add.Role}");
                    if (add.Term is not null) violations.AddIf(field + ".add.term", CoordinatorTerm.Problem(add.Term, effectiveOn));
                    break;
                case CoordinatorListChange.ChangeOneofCase.End:
                    RequestChecks.AssignmentId(violations, field + ".end.assignment", change.End.Assignment);
                    break;
                case CoordinatorListChange.ChangeOneofCase.Replace:
                    RequestChecks.AssignmentId(violations, field + ".replace.assignment", change.Replace.Assignment);
                    violations.AddIf(field + ".replace.country_code", IsoCountries.Problem(change.Replace.CountryCode));
                    break;
                default:
                    violations.Add(field, "must set one of add, end or replace");
                    break;
            }
        }
        return effectiveOn ?? default;
    }
}

using System.Globalization;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Countries;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Grpc.Core;

namespace Cica.CbmCoordination.Api;

// Dimensions and priority areas, with their coordinators on a date.
public sealed partial class CbmCoordinationGrpcService
{
    /// <inheritdoc />
    public override async Task<ListDimensionsResponse> ListDimensions(ListDimensionsRequest request, ServerCallContext context)
    {
        var page = PageRequest.Parse(request.PageSize, request.PageToken, "");
        var rows = await areas.ListDimensionsAsync(page.After is null ? 0 : RequestChecks.IntKey(page.After), page.Limit, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.Number.ToString(CultureInfo.InvariantCulture));
        return new ListDimensionsResponse { Dimensions = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<GetPriorityAreaResponse> GetPriorityArea(GetPriorityAreaRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var areaId = RequestChecks.AreaId(violations, "name", request.Name, required: true);
        var asOf = RequestChecks.AsOf(violations, "as_of", request.AsOf);
        violations.ThrowIfAny();

        // A hot read: served from memory until the next commit to this database.
        var on = asOf ?? Today;
        return await cache.GetOrReadAsync($"{areaId}@{on:yyyy-MM-dd}", async ct =>
        {
            var area = await ExistingAreaAsync(areaId!, ct);
            return new GetPriorityAreaResponse { PriorityArea = (await WithCoordinatorsAsync([area], on, ct))[0] };
        }, context.CancellationToken) ?? throw new InvalidOperationException("GetPriorityArea read nothing.");
    }

    /// <inheritdoc />
    public override async Task<ListPriorityAreasResponse> ListPriorityAreas(ListPriorityAreasRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        string? dimension = null;
        if (request.Dimension.Length > 0 && (dimension = ResourceNames.DimensionSlug(request.Dimension)) is null)
            violations.Add("dimension", $"'{request.Dimension}' is not a dimension name such as dimensions/economic");
        var asOf = RequestChecks.AsOf(violations, "as_of", request.AsOf) ?? Today;
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        if (dimension is not null && !await areas.DimensionExistsAsync(dimension, ct)) throw Refusals.NotFound(request.Dimension);
        // The filters hold the resolved date, not the request's (possibly unset) as_of: "today" is
        // resolved once per call, and a token from before midnight in Astana is refused rather than
        // continuing the walk on the next day's list.
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{dimension}|{AssignmentStore.Iso(asOf)}");
        var rows = await areas.ListAsync(page.After is null ? 0 : RequestChecks.IntKey(page.After), dimension, page.Limit, ct);
        var (items, next) = page.Page(rows, r => r.SortOrder.ToString(CultureInfo.InvariantCulture));
        return new ListPriorityAreasResponse { PriorityAreas = { await WithCoordinatorsAsync(items, asOf, ct) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<ListCoordinatedPriorityAreasResponse> ListCoordinatedPriorityAreas(ListCoordinatedPriorityAreasRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        violations.AddIf("country_code", IsoCountries.Problem(request.CountryCode));
        var asOf = RequestChecks.AsOf(violations, "as_of", request.AsOf) ?? Today;
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        // The resolved date, not the request's as_of (see ListPriorityAreas): a walk never spans two days.
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{request.CountryCode}|{AssignmentStore.Iso(asOf)}");
        var (afterSort, afterId) = RequestChecks.SplitKey(page.After, "0");
        var held = await assignments.ListAsync(new AssignmentStore.Filter(null, request.CountryCode, 0, asOf),
            RequestChecks.IntKey(afterSort), afterId, page.Limit, ct);
        var (items, next) = page.Page(held, r => RequestChecks.Key(r.SortOrder, r.AssignmentId));

        var areaRows = await areas.FindManyAsync(items.Select(a => a.AreaId).Distinct().ToList(), ct);
        var resources = (await WithCoordinatorsAsync(areaRows, asOf, ct)).ToDictionary(a => a.Name);
        return new ListCoordinatedPriorityAreasResponse
        {
            CoordinatedPriorityAreas =
            {
                items.Select(a => new CoordinatedPriorityArea
                {
                    PriorityArea = resources[ResourceNames.PriorityArea(a.AreaId)],
                    Role = (CoordinatorRole)a.Role,
                    Assignment = a.Name,
                }),
            },
            NextPageToken = next,
        };
    }
}

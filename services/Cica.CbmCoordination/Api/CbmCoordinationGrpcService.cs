using Cica.CbmCoordination.Coordination;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Domain.Time;
using Cica.Persistence.Reading;
using Cica.ServiceKit.Writes;
using Grpc.Core;

namespace Cica.CbmCoordination.Api;

/// <summary>
/// cica.cbm.v1.CbmCoordinationService. Each method checks the request's shape first
/// (INVALID_ARGUMENT naming every offending field, before anything is read or written), writes
/// establish the caller, and the rules that depend on the stored state run in one transaction with
/// the request's retry record and events. The methods are split by resource across partial files.
/// </summary>
public sealed partial class CbmCoordinationGrpcService(
    WritePipeline<CbmDatabase> writes,
    ReadCache<CbmDatabase> cache,
    PriorityAreaStore areas,
    AssignmentStore assignments,
    ActivityStore activities,
    TimeProvider clock) : CbmCoordinationService.CbmCoordinationServiceBase
{
    private DateOnly Today => AstanaTime.Today(clock);

    // A well-formed area name that names no area is NOT_FOUND.
    private async Task<PriorityAreaRow> ExistingAreaAsync(string areaId, CancellationToken ct) =>
        await areas.FindAsync(areaId, ct) ?? throw Refusals.NotFound(ResourceNames.PriorityArea(areaId));

    // The areas with their coordinators on asOf, in the order given.
    private async Task<IReadOnlyList<PriorityArea>> WithCoordinatorsAsync(IReadOnlyList<PriorityAreaRow> rows, DateOnly asOf, CancellationToken ct)
    {
        var inEffect = await assignments.InEffectAsync(asOf, rows.Select(r => r.AreaId).ToList(), ct);
        return rows.Select(r => r.ToResource(asOf, inEffect)).ToList();
    }
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Gateway.Downstream;
using Grpc.Core;
using Client = Cica.Contracts.Cbm.V1.CbmCoordinationService.CbmCoordinationServiceClient;

namespace Cica.Gateway.Views;

/// <summary>The CBM Coordination service's part of the views.</summary>
public sealed class CbmSections(Downstream.Downstream downstream)
    : IViewSection<CountryQuery, CountryDossier>, IViewSection<PriorityAreaQuery, PriorityAreaOverview>, IViewSection<MeetingQuery, MeetingOutcome>
{
    // A safety bound on one view's reads: at most this many pages of 100 (a country's or an area's
    // activities; every assignment, for a meeting's, as assignments are not listed by decision).
    private const int MaxPages = 20;

    /// <inheritdoc cref="IViewSection{TQuery,TView}.Service" />
    public DownstreamService Service => DownstreamServices.Cbm;

    /// <inheritdoc />
    public async Task<Action<CountryDossier>> FetchAsync(CountryQuery query, CancellationToken ct)
    {
        // One call for the whole history: the roles held today are those in effect on it, by the
        // contract's own definition (effective_from <= today <= effective_until, or open-ended).
        var historyTask = ListAllAsync(
            (c, o, token) => c.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100, PageToken = token, CountryCode = query.CountryCode }, o),
            r => r.CoordinatorAssignments, r => r.NextPageToken, ct);
        // CBM filters by reporter in its database: a country's activities fit in one page today.
        var activitiesTask = ListAllAsync(
            (c, o, token) => c.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 100, PageToken = token, ReportingCountry = query.CountryCode }, o),
            r => r.Activities, r => r.NextPageToken, ct);
        var today = query.Today.ToDateOnly();
        var history = (await historyTask).ToLookup(a => InEffectOn(a, today));
        var activities = await activitiesTask;
        return dossier =>
        {
            var coordination = dossier.Coordination ??= new CoordinationSection();
            coordination.AsOf = query.Today;
            coordination.CurrentRoles.Add(history[true]);
            coordination.OtherRoles.Add(history[false]);
            (dossier.Activities ??= new ActivitiesSection()).Activities.Add(activities);
        };
    }

    // ListCoordinatorAssignmentsRequest.as_of's filter, on the fields the contract defines it with.
    private static bool InEffectOn(CoordinatorAssignment assignment, DateOnly day) =>
        assignment.EffectiveFrom is { IsFullDate: true } from && from.ToDateOnly() <= day
        && (assignment.EffectiveUntil is not { IsFullDate: true } until || day <= until.ToDateOnly());

    /// <inheritdoc />
    public void SetStatus(CountryDossier view, SectionStatus status)
    {
        (view.Coordination ??= new CoordinationSection()).Status = status;
        (view.Activities ??= new ActivitiesSection()).Status = status.Clone();
    }

    /// <inheritdoc />
    public async Task<Action<PriorityAreaOverview>> FetchAsync(PriorityAreaQuery query, CancellationToken ct)
    {
        var areaTask = downstream.CallAsync<Client, GetPriorityAreaResponse>(Service,
            (c, o) => c.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = query.Name, AsOf = query.Today }, o), ct);
        var dimensionsTask = downstream.CallAsync<Client, ListDimensionsResponse>(Service,
            (c, o) => c.ListDimensionsAsync(new ListDimensionsRequest(), o), ct);
        var historyTask = ListAllAsync(
            (c, o, token) => c.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100, PageToken = token, PriorityArea = query.Name }, o),
            r => r.CoordinatorAssignments, r => r.NextPageToken, ct);
        var activitiesTask = ListAllAsync(
            (c, o, token) => c.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 100, PageToken = token, PriorityArea = query.Name }, o),
            r => r.Activities, r => r.NextPageToken, ct);
        var area = (await areaTask).PriorityArea;
        var dimension = (await dimensionsTask).Dimensions.FirstOrDefault(d => d.Name == area.Dimension);
        var history = await historyTask;
        var activities = await activitiesTask;
        return overview =>
        {
            var section = overview.Coordination ??= new AreaCoordinationSection();
            section.PriorityArea = area;
            section.Dimension = dimension;
            section.CoordinatorHistory.Add(history);
            section.Activities.Add(activities);
        };
    }

    /// <inheritdoc />
    public void SetStatus(PriorityAreaOverview view, SectionStatus status) => (view.Coordination ??= new AreaCoordinationSection()).Status = status;

    /// <inheritdoc />
    public async Task<Action<MeetingOutcome>> FetchAsync(MeetingQuery query, CancellationToken ct)
    {
        var assignments = (await ListAllAsync(
                (c, o, token) => c.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100, PageToken = token }, o),
                r => r.CoordinatorAssignments, r => r.NextPageToken, ct))
            .Where(a => a.Decision?.Meeting == query.Meeting || a.EndedBy?.Meeting == query.Meeting).ToList();
        return outcome => (outcome.CoordinationEffects ??= new CoordinationEffectsSection()).CoordinatorAssignments.Add(assignments);
    }

    /// <inheritdoc />
    public void SetStatus(MeetingOutcome view, SectionStatus status) => (view.CoordinationEffects ??= new CoordinationEffectsSection()).Status = status;

    private Task<List<TItem>> ListAllAsync<TResponse, TItem>(Func<Client, CallOptions, string, AsyncUnaryCall<TResponse>> list,
        Func<TResponse, IEnumerable<TItem>> items, Func<TResponse, string> next, CancellationToken ct) =>
        downstream.ListAllAsync(Service, list, items, next, MaxPages, ct);
}

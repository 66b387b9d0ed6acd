using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Gateway.Downstream;
using Grpc.Core;
using Client = Cica.Contracts.Membership.V1.MembershipService.MembershipServiceClient;

namespace Cica.Gateway.Views;

/// <summary>The Membership service's part of the views.</summary>
public sealed class MembershipSections(Downstream.Downstream downstream)
    : IViewSection<CountryQuery, CountryDossier>, IViewSection<MeetingQuery, MeetingOutcome>
{
    // Pending applications are found by listing (Membership lists them by state, not by country):
    // at most this many pages of 100 per state.
    private const int MaxPages = 10;

    /// <inheritdoc cref="IViewSection{TQuery,TView}.Service" />
    public DownstreamService Service => DownstreamServices.Membership;

    /// <inheritdoc />
    public async Task<Action<CountryDossier>> FetchAsync(CountryQuery query, CancellationToken ct)
    {
        var memberTask = GetMemberStateAsync(query.CountryCode, ct);
        var observersTask = ListAllAsync(
            (c, o, token) => c.ListObserversAsync(new ListObserversRequest { PageSize = 100, PageToken = token }, o),
            r => r.Observers, r => r.NextPageToken, ct);
        var member = await memberTask;
        var observer = (await observersTask).FirstOrDefault(o => o.CountryCode == query.CountryCode);

        var applications = new List<AccessionApplication>();
        if (member is { AccessionApplication.Length: > 0 })
        {
            applications.Add((await downstream.CallAsync<Client, GetAccessionApplicationResponse>(Service,
                (c, o) => c.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = member.AccessionApplication }, o), ct)).AccessionApplication);
        }
        else if (member is null)
        {
            foreach (var state in new[] { AccessionApplicationState.Submitted, AccessionApplicationState.Recommended })
                applications.AddRange((await ListAllAsync(
                    (c, o, token) => c.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = 100, PageToken = token, State = state }, o),
                    r => r.AccessionApplications, r => r.NextPageToken, ct)).Where(a => a.CountryCode == query.CountryCode));
        }

        return dossier =>
        {
            var section = dossier.Membership ??= new MembershipSection();
            section.MemberState = member;
            section.Observer = observer;
            section.AccessionApplications.Add(applications);
            section.MembershipStatus = member is not null ? MembershipStatus.MemberState
                : applications.Count > 0 ? MembershipStatus.Applicant
                : observer?.Status == ParticipationStatus.Observer ? MembershipStatus.Observer
                : observer?.Status == ParticipationStatus.Partner ? MembershipStatus.Partner
                : MembershipStatus.None;
        };
    }

    /// <inheritdoc />
    public void SetStatus(CountryDossier view, SectionStatus status) => (view.Membership ??= new MembershipSection()).Status = status;

    /// <inheritdoc />
    public async Task<Action<MeetingOutcome>> FetchAsync(MeetingQuery query, CancellationToken ct)
    {
        var membersTask = ListAllAsync(
            (c, o, token) => c.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100, PageToken = token }, o),
            r => r.MemberStates, r => r.NextPageToken, ct);
        var recommendedTask = ListAllAsync(
            (c, o, token) => c.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = 100, PageToken = token, State = AccessionApplicationState.Recommended }, o),
            r => r.AccessionApplications, r => r.NextPageToken, ct);
        var admittedTask = ListAllAsync(
            (c, o, token) => c.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = 100, PageToken = token, State = AccessionApplicationState.Admitted }, o),
            r => r.AccessionApplications, r => r.NextPageToken, ct);
        var members = (await membersTask).Where(m => m.AccessionDecision?.Meeting == query.Meeting).ToList();
        var applications = (await recommendedTask).Concat(await admittedTask)
            .Where(a => a.Recommendation?.Meeting == query.Meeting || a.Admission?.Meeting == query.Meeting).ToList();
        return outcome =>
        {
            var section = outcome.MembershipEffects ??= new MembershipEffectsSection();
            section.MemberStates.Add(members);
            section.AccessionApplications.Add(applications);
        };
    }

    /// <inheritdoc />
    public void SetStatus(MeetingOutcome view, SectionStatus status) => (view.MembershipEffects ??= new MembershipEffectsSection()).Status = status;

    private async Task<MemberState?> GetMemberStateAsync(string countryCode, CancellationToken ct)
    {
        try
        {
            return (await downstream.CallAsync<Client, GetMemberStateResponse>(Service,
                (c, o) => c.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/" + countryCode }, o), ct)).MemberState;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null; // not a member state
        }
    }

    private Task<List<TItem>> ListAllAsync<TResponse, TItem>(Func<Client, CallOptions, string, AsyncUnaryCall<TResponse>> list,
        Func<TResponse, IEnumerable<TItem>> items, Func<TResponse, string> next, CancellationToken ct) =>
        downstream.ListAllAsync(Service, list, items, next, MaxPages, ct);
}

using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Gateway.Downstream;
using Client = Cica.Contracts.Chairmanship.V1.ChairmanshipService.ChairmanshipServiceClient;

namespace Cica.Gateway.Views;

/// <summary>The Chairmanship service's part of the views: terms and meetings hosted (dossier), decisions (meeting outcome).</summary>
public sealed class ChairmanshipSections(Downstream.Downstream downstream)
    : IViewSection<CountryQuery, CountryDossier>, IViewSection<MeetingQuery, MeetingOutcome>
{
    // Terms, meetings and decisions are listed whole (Chairmanship lists them by kind or state, not by
    // country or meeting): at most this many pages of 100.
    private const int MaxPages = 20;

    /// <inheritdoc cref="IViewSection{TQuery,TView}.Service" />
    public DownstreamService Service => DownstreamServices.Chairmanship;

    /// <inheritdoc />
    public async Task<Action<CountryDossier>> FetchAsync(CountryQuery query, CancellationToken ct)
    {
        var termsTask = downstream.ListAllAsync<Client, ListChairmanshipTermsResponse, ChairmanshipTerm>(Service,
            (c, o, token) => c.ListChairmanshipTermsAsync(new ListChairmanshipTermsRequest { PageSize = 100, PageToken = token }, o),
            r => r.Terms, r => r.NextPageToken, MaxPages, ct);
        var meetingsTask = downstream.ListAllAsync<Client, ListMeetingsResponse, Meeting>(Service,
            (c, o, token) => c.ListMeetingsAsync(new ListMeetingsRequest { PageSize = 100, PageToken = token }, o),
            r => r.Meetings, r => r.NextPageToken, MaxPages, ct);
        var terms = (await termsTask).Where(t => t.CountryCode == query.CountryCode).ToList();
        var meetings = (await meetingsTask).Where(m => m.HostCountry == query.CountryCode).ToList();
        return dossier =>
        {
            (dossier.Chairmanship ??= new ChairmanshipSection()).Terms.Add(terms);
            (dossier.MeetingsHosted ??= new MeetingsHostedSection()).Meetings.Add(meetings);
        };
    }

    /// <inheritdoc />
    public void SetStatus(CountryDossier view, SectionStatus status)
    {
        (view.Chairmanship ??= new ChairmanshipSection()).Status = status;
        (view.MeetingsHosted ??= new MeetingsHostedSection()).Status = status.Clone();
    }

    /// <inheritdoc />
    public async Task<Action<MeetingOutcome>> FetchAsync(MeetingQuery query, CancellationToken ct)
    {
        // A decision names its meeting by resource name ("meetings/soc-2022-10").
        var decisions = (await downstream.ListAllAsync<Client, ListDecisionsResponse, Decision>(Service,
                (c, o, token) => c.ListDecisionsAsync(new ListDecisionsRequest { PageSize = 100, PageToken = token }, o),
                r => r.Decisions, r => r.NextPageToken, MaxPages, ct))
            .Where(d => d.Meeting == query.Meeting).OrderBy(d => d.Item).ToList();
        return outcome => (outcome.Decisions ??= new DecisionsSection()).Decisions.Add(decisions);
    }

    /// <inheritdoc />
    public void SetStatus(MeetingOutcome view, SectionStatus status) => (view.Decisions ??= new DecisionsSection()).Status = status;
}

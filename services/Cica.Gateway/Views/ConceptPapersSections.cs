using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Gateway.Downstream;
using Client = Cica.Contracts.ConceptPapers.V1.ConceptPapersService.ConceptPapersServiceClient;

namespace Cica.Gateway.Views;

/// <summary>The Concept Papers service's part of the views: papers a country proposed (dossier), papers and initiatives of an area (overview).</summary>
public sealed class ConceptPapersSections(Downstream.Downstream downstream)
    : IViewSection<CountryQuery, CountryDossier>, IViewSection<PriorityAreaQuery, PriorityAreaOverview>
{
    // A safety bound on one view's reads: at most this many pages of 100 (a country's or an area's papers).
    private const int MaxPages = 20;

    /// <inheritdoc cref="IViewSection{TQuery,TView}.Service" />
    public DownstreamService Service => DownstreamServices.ConceptPapers;

    /// <inheritdoc />
    public async Task<Action<CountryDossier>> FetchAsync(CountryQuery query, CancellationToken ct)
    {
        // Concept Papers filters by proposer in its database: a country's papers fit in one page today.
        var documents = await downstream.ListAllAsync<Client, ListPolicyDocumentsResponse, PolicyDocument>(Service,
            (c, o, token) => c.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = 100, PageToken = token, ProposingCountry = query.CountryCode }, o),
            r => r.PolicyDocuments, r => r.NextPageToken, MaxPages, ct);
        return dossier => (dossier.ConceptPapers ??= new ConceptPapersSection()).PolicyDocuments.Add(documents);
    }

    /// <inheritdoc />
    public void SetStatus(CountryDossier view, SectionStatus status) => (view.ConceptPapers ??= new ConceptPapersSection()).Status = status;

    /// <inheritdoc />
    public async Task<Action<PriorityAreaOverview>> FetchAsync(PriorityAreaQuery query, CancellationToken ct)
    {
        var documentsTask = downstream.ListAllAsync<Client, ListPolicyDocumentsResponse, PolicyDocument>(Service,
            (c, o, token) => c.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = 100, PageToken = token, PriorityArea = query.Name }, o),
            r => r.PolicyDocuments, r => r.NextPageToken, MaxPages, ct);
        var initiativesTask = downstream.ListAllAsync<Client, ListInitiativesResponse, Initiative>(Service,
            (c, o, token) => c.ListInitiativesAsync(new ListInitiativesRequest { PageSize = 100, PageToken = token, PriorityArea = query.Name }, o),
            r => r.Initiatives, r => r.NextPageToken, MaxPages, ct);
        var documents = await documentsTask;
        var initiatives = await initiativesTask;
        return overview =>
        {
            var section = overview.ConceptPapers ??= new ConceptPapersSection();
            section.PolicyDocuments.Add(documents);
            section.Initiatives.Add(initiatives);
        };
    }

    /// <inheritdoc />
    public void SetStatus(PriorityAreaOverview view, SectionStatus status) => (view.ConceptPapers ??= new ConceptPapersSection()).Status = status;
}

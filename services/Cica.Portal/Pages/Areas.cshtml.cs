using Cica.Contracts.Cbm.V1;
using Cica.Contracts.ConceptPapers.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>
/// "My areas": the priority areas the country coordinates or co-coordinates today, each with the
/// term, the deciding decision, the other coordinators, its concept papers and their initiatives
/// (the Secretariat picks a country).
/// </summary>
public sealed class AreasModel(PortalClients apis) : PortalPage
{
    /// <summary>The country shown.</summary>
    public string Country { get; private set; } = "";

    /// <summary>The Secretariat's choices of country.</summary>
    public List<(string Code, string Name)> Countries { get; private set; } = [];

    /// <summary>The areas, with the country's own assignment, the others, the area's papers and initiatives.</summary>
    public List<AreaView> Areas { get; } = [];

    /// <summary>Reads the areas.</summary>
    public async Task OnGetAsync(string? country)
    {
        var ct = HttpContext.RequestAborted;
        Country = Viewer!.Country ?? (country ?? "").Trim().ToUpperInvariant();
        try
        {
            if (Viewer.IsSecretariat) Countries = await MemberStateList.ReadAsync(apis, L, ct);
            if (Country.Length == 0) return;
            var page = await apis.Cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest { CountryCode = Country, PageSize = 100 }, cancellationToken: ct);
            Areas.AddRange(await Task.WhenAll(page.CoordinatedPriorityAreas.Select(c => ViewOfAsync(c, ct))));
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    private async Task<AreaView> ViewOfAsync(CoordinatedPriorityArea c, CancellationToken ct)
    {
        var all = c.PriorityArea.Coordinators.Concat(c.PriorityArea.CoCoordinators).ToList();
        var area = c.PriorityArea.Name;
        var papers = apis.ConceptPapers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PriorityArea = area, PageSize = 100 }, cancellationToken: ct).ResponseAsync;
        var initiatives = apis.ConceptPapers.ListInitiativesAsync(new ListInitiativesRequest { PriorityArea = area, PageSize = 100 }, cancellationToken: ct).ResponseAsync;
        return new AreaView(c, all.FirstOrDefault(a => a.Name == c.Assignment), [.. all.Where(a => a.Name != c.Assignment)],
            [.. (await papers).PolicyDocuments], [.. (await initiatives).Initiatives]);
    }

    /// <summary>The role's name.</summary>
    public string Role(CoordinatorRole role) => role == CoordinatorRole.CoCoordinator ? T("coCoordinator") : T("coordinator");
}

/// <summary>One area of "My areas".</summary>
public sealed record AreaView(CoordinatedPriorityArea Area, CoordinatorAssignment? Own, List<CoordinatorAssignment> Others,
    List<PolicyDocument> Papers, List<Initiative> Initiatives);

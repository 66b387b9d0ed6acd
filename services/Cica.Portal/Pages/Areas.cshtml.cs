using Cica.Contracts.Cbm.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>"My areas": the priority areas the country coordinates or co-coordinates today (the Secretariat chooses a country).</summary>
public sealed class AreasModel(PortalClients apis) : PortalPage
{
    /// <summary>The country shown.</summary>
    public string Country { get; private set; } = "";

    /// <summary>The areas, with the country's own assignment.</summary>
    public List<(CoordinatedPriorityArea Area, CoordinatorAssignment? Own, List<CoordinatorAssignment> Others)> Areas { get; } = [];

    /// <summary>Reads the areas.</summary>
    public async Task OnGetAsync(string? country)
    {
        Country = Viewer!.Country ?? (country ?? "").Trim().ToUpperInvariant();
        if (Country.Length == 0) return;
        try
        {
            var page = await apis.Cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest { CountryCode = Country, PageSize = 100 });
            foreach (var c in page.CoordinatedPriorityAreas)
            {
                var all = c.PriorityArea.Coordinators.Concat(c.PriorityArea.CoCoordinators).ToList();
                Areas.Add((c, all.FirstOrDefault(a => a.Name == c.Assignment), [.. all.Where(a => a.Name != c.Assignment)]));
            }
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>The role's name.</summary>
    public string Role(CoordinatorRole role) => role == CoordinatorRole.CoCoordinator ? T("coCoordinator") : T("coordinator");
}

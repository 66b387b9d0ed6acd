using Cica.Contracts.Cbm.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>The activities of a priority area (CBM ListActivities).</summary>
public sealed class ActivitiesModel(PortalClients apis) : PortalPage
{
    /// <summary>The area.</summary>
    public string Area { get; private set; } = "";

    /// <summary>Its activities.</summary>
    public List<Activity> Items { get; } = [];

    /// <summary>Reads them.</summary>
    public async Task OnGetAsync(string? area, string? reported)
    {
        Area = area ?? "";
        if (!string.IsNullOrEmpty(reported)) Done = T("reported");
        try
        {
            var token = "";
            do
            {
                var page = await apis.Cbm.ListActivitiesAsync(new ListActivitiesRequest { PriorityArea = Area, PageSize = 100, PageToken = token });
                Items.AddRange(page.Activities);
                token = page.NextPageToken;
            } while (token.Length > 0 && Items.Count < 500);
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }
}

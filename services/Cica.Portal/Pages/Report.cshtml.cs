using Cica.Contracts.Cbm.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>Reports an activity (CBM ReportActivity) for an area.</summary>
public sealed class ReportModel(PortalClients apis) : PortalPage
{
    /// <summary>The form.</summary>
    [BindProperty] public ActivityForm Form { get; set; } = new();

    /// <summary>The request id of this form (a retried post records the activity once).</summary>
    [BindProperty] public string RequestId { get; set; } = "";

    /// <summary>Shows an empty form for the area.</summary>
    public void OnGet(string? area)
    {
        Form = new ActivityForm { Area = area ?? "", Status = ActivityStatus.Planned };
        RequestId = Guid.NewGuid().ToString("N");
    }

    /// <summary>Reports the activity; on success shows the area's activities.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var reported = await apis.Cbm.ReportActivityAsync(new ReportActivityRequest { Activity = Form.ToActivity(), RequestId = RequestId });
            return Redirect($"/activities?area={Uri.EscapeDataString(reported.Activity.PriorityArea)}&reported={Uri.EscapeDataString(reported.Activity.Name)}");
        }
        catch (RpcException ex)
        {
            Show(ex);
            return Page();
        }
    }
}

using Cica.Contracts.Cbm.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>Updates an activity (CBM UpdateActivity) with the etag it was read with: a stale edit is refused and the current values shown.</summary>
public sealed class ActivityModel(PortalClients apis) : PortalPage
{
    /// <summary>The activity's resource name.</summary>
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";

    /// <summary>The form.</summary>
    [BindProperty] public ActivityForm Form { get; set; } = new();

    /// <summary>Reads the activity into the form.</summary>
    public async Task OnGetAsync()
    {
        try
        {
            Form = ActivityForm.From((await apis.Cbm.GetActivityAsync(new GetActivityRequest { Name = Name })).Activity);
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>Saves the changed fields, conditional on the etag.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var mask = new FieldMask { Paths = { "title", "description", "kind", "date", "status", "outcome", "documents" } };
            var updated = await apis.Cbm.UpdateActivityAsync(new UpdateActivityRequest { Activity = Form.ToActivity(Name), UpdateMask = mask });
            Form = ActivityForm.From(updated.Activity);
            ModelState.Clear();
            Done = T("updated");
        }
        catch (RpcException ex) when (ex.StatusCode == Grpc.Core.StatusCode.Aborted)
        {
            Problem = T("stale");
            try
            {
                Form = ActivityForm.From((await apis.Cbm.GetActivityAsync(new GetActivityRequest { Name = Name })).Activity);
                ModelState.Clear();
            }
            catch (RpcException again)
            {
                Show(again);
            }
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
        return Page();
    }
}

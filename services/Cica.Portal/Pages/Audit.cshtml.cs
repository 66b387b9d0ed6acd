using Cica.Contracts.Audit.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>The Secretariat's audit trail: one service's records, newest first, page by page (AuditTrailService ListAuditRecords).</summary>
public sealed class AuditModel(PortalClients apis) : PortalPage
{
    /// <summary>The service whose trail is shown.</summary>
    public string Service { get; private set; } = "cbm";

    /// <summary>Only this caller's records ("" for all).</summary>
    public string Caller { get; private set; } = "";

    /// <summary>The records of this page, newest first.</summary>
    public List<AuditRecord> Records { get; } = [];

    /// <summary>The token of the next (older) page; empty after the last.</summary>
    public string Older { get; private set; } = "";

    /// <summary>Reads a page of the trail.</summary>
    public async Task OnGetAsync(string? service, string? caller, string? older)
    {
        Service = PortalAudit.Services.Contains(service ?? "") ? service! : "cbm";
        Caller = (caller ?? "").Trim();
        try
        {
            var answer = await apis.AuditTrails.ListAuditRecordsAsync(new ListAuditRecordsRequest
            { Service = Service, Caller = Caller, PageSize = 50, PageToken = older ?? "" }, cancellationToken: HttpContext.RequestAborted);
            Records.AddRange(answer.AuditRecords);
            Older = answer.NextPageToken;
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>The method without its package ("CbmCoordinationService/AmendCoordinatorList").</summary>
    public static string ShortMethod(string method) => method.LastIndexOf('.') is var dot and >= 0 ? method[(dot + 1)..] : method;
}

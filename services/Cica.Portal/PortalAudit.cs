namespace Cica.Portal;

/// <summary>
/// The audit trails the Secretariat reads in the portal, all through the gateway: its
/// AuditTrailService answers for every service, asking the one that keeps the trail.
/// </summary>
public static class PortalAudit
{
    /// <summary>The services whose trails can be read, as AuditTrailService names them.</summary>
    public static readonly IReadOnlyList<string> Services = ["membership", "cbm", "chairmanship", "concept-papers", "gateway"];
}

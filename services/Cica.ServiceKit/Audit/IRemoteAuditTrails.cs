using Cica.Contracts.Audit.V1;
using Grpc.Core;

namespace Cica.ServiceKit.Audit;

/// <summary>
/// Where a host's AuditTrailService reads the trail of a service it does not carry: the gateway
/// registers one that asks that service, so a client of the gateway alone (the portal, another
/// government's system) reads every service's trail at one address.
/// </summary>
public interface IRemoteAuditTrails
{
    /// <summary>
    /// The page asked for, read where <see cref="ListAuditRecordsRequest.Service"/> keeps its trail
    /// under the caller's own credentials, or null when this host knows no address for it.
    /// </summary>
    Task<ListAuditRecordsResponse>? TryList(ListAuditRecordsRequest request, ServerCallContext context);
}

using Cica.Contracts.Audit.V1;
using Cica.Gateway.Downstream;
using Cica.ServiceKit.Audit;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;

namespace Cica.Gateway.Forwarding;

/// <summary>
/// The audit trail of a service the gateway's process does not carry, read from that service
/// with the caller's own token (the service decides, as for every forwarded call). The proxy cannot
/// route this one: AuditTrailService has the same path on every host, and which trail is meant is a
/// field of the request.
/// </summary>
internal sealed class RemoteAuditTrails(Downstream.Downstream downstream, GrpcClientFactory clients, IOptions<GatewayOptions> options) : IRemoteAuditTrails
{
    /// <summary>The name of the audit client of <paramref name="service"/> (one per downstream service).</summary>
    public static string ClientName(DownstreamService service) => "audit-" + service.Name;

    /// <inheritdoc />
    public Task<ListAuditRecordsResponse>? TryList(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var service = DownstreamServices.All.FirstOrDefault(s => s.Name == request.Service);
        if (service is null || downstream.AddressOf(service) is null) return null;
        var client = clients.CreateClient<AuditTrailService.AuditTrailServiceClient>(ClientName(service));
        return client.ListAuditRecordsAsync(request, new CallOptions(
            deadline: DateTime.UtcNow + options.Value.CallTimeout, cancellationToken: context.CancellationToken)).ResponseAsync;
    }
}

using Cica.Contracts.Audit.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Gateway.Tests;

/// <summary>
/// Every service's audit trail read at the gateway's one address: a gateway process of its own asks
/// the service that keeps the trail, with the caller's own token.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class AuditThroughGatewayTests
{
    [Fact]
    public async Task The_Secretariat_reads_a_services_trail_through_a_gateway_that_does_not_carry_it()
    {
        using var data = new TempDirectory();
        await using var hosts = await MembershipBehindGateway.StartAsync(data.Path);
        var (membership, gatewayHost) = (hosts.Membership, hosts.Gateway);
        await Gw.AdmitKuwaitAsync(gatewayHost.Channel);
        var audit = new AuditTrailService.AuditTrailServiceClient(gatewayHost.Channel);

        var trail = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership", PageSize = 5 }, Callers.Secretariat);
        var admission = trail.AuditRecords.First();
        Assert.Equal(("cica.membership.v1.MembershipService/AdmitMemberState", "accessionApplications/KWT-2022", "OK"), (admission.Method, admission.Resource, admission.Outcome));
        // The same trail as Membership serves it itself.
        var direct = await new AuditTrailService.AuditTrailServiceClient(membership.Channel)
            .ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership", PageSize = 5 }, Callers.Secretariat);
        Assert.Equal(direct.AuditRecords, trail.AuditRecords);

        // The Secretariat's only, whichever host answers; the gateway's own trail stays local; a
        // service that is down is UNAVAILABLE; one nobody knows is NOT_FOUND.
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () =>
            audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "membership" }, Callers.MemberState("KAZ")).ResponseAsync);
        await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "gateway" }, Callers.Secretariat);
        await RpcAssert.FailsWith(StatusCode.Unavailable, () =>
            audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "cbm" }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Service = "chairmanship" }, Callers.Secretariat).ResponseAsync);
    }
}

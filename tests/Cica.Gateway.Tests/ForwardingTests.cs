using System.Security.Cryptography;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Membership.V1;
using Cica.Gateway.Forwarding;
using Cica.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Gateway.Tests;

/// <summary>
/// The gateway as the public entry point of every service RPC, writes included: a gateway process of
/// its own forwards each call to the service that owns it, and the service's answer, whatever it is,
/// comes back unchanged.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ForwardingTests
{
    [Fact]
    public async Task Writes_through_the_gateway_reach_the_service_which_alone_authenticates_and_authorizes_the_caller()
    {
        using var data = new TempDirectory();
        await using var hosts = await MembershipBehindGateway.StartAsync(data.Path, new Dictionary<string, string>
        {
            // The gateway trusts no key the test tokens are signed with: every forwarded call that
            // succeeds below was authenticated by the service, from the caller's own token.
            ["Security:Jwt:SigningKeys:0"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        var (membership, gatewayHost) = (hosts.Membership, hosts.Gateway);
        var gateway = gatewayHost.Channel;

        // The Secretariat's admission, sent to the gateway, is written by Membership.
        await Gw.AdmitKuwaitAsync(gateway);
        var kuwait = await new MembershipService.MembershipServiceClient(membership.Channel)
            .GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KWT" }, Callers.Observer);
        Assert.Equal("KWT", kuwait.MemberState.CountryCode);
        // A read through the gateway, with a deadline the service honours.
        var read = await new MembershipService.MembershipServiceClient(gateway).GetMemberStateAsync(
            new GetMemberStateRequest { Name = "memberStates/KWT" }, Callers.MemberState("KAZ"), DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(kuwait.MemberState, read.MemberState);

        // The service's refusals, with their details, pass through: no caller at all …
        var client = new MembershipService.MembershipServiceClient(gateway);
        await RpcAssert.FailsWithReason(StatusCode.Unauthenticated, "CALLER_UNKNOWN", () =>
            client.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KAZ" }, Callers.Anonymous).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.Unauthenticated, "CALLER_UNKNOWN", () =>
            client.RecommendAccessionAsync(new RecommendAccessionRequest { Name = "accessionApplications/KWT-2022" }, Callers.Anonymous).ResponseAsync);
        // … a member state's write reserved for the Secretariat, and a request the rules refuse.
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "SECRETARIAT_ONLY", () =>
            client.RecommendAccessionAsync(new RecommendAccessionRequest { Name = "accessionApplications/KWT-2022" }, Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.InvalidField("name", () =>
            client.GetMemberStateAsync(new GetMemberStateRequest { Name = "nations/KWT" }, Callers.Observer).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () =>
            client.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/ZZZ" }, Callers.Observer).ResponseAsync);

        // A service that is down is UNAVAILABLE (retryable), said by the gateway; one the gateway
        // has no address for is not served at all.
        await RpcAssert.FailsWithReason(StatusCode.Unavailable, "SERVICE_UNAVAILABLE", () =>
            new CbmCoordinationService.CbmCoordinationServiceClient(gateway).ListDimensionsAsync(new ListDimensionsRequest(), Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unimplemented, () =>
            new ConceptPapersService.ConceptPapersServiceClient(gateway).ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest(), Callers.Secretariat).ResponseAsync);
        Assert.Equal(["cica.membership.v1.MembershipService", "cica.cbm.v1.CbmCoordinationService"], gatewayHost.Services.GetRequiredService<ServiceRoutes>().Forwarded);
    }
}

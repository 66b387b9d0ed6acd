using System.Security.Cryptography;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Security.Tests;

/// <summary>Every RPC but health needs an authenticated principal; a plain header proves nothing.</summary>
public sealed class AuthenticationTests
{
    private static readonly GetMemberStateRequest Kazakhstan = new() { Name = "memberStates/KAZ" };

    [Fact]
    public async Task A_read_without_credentials_is_unauthenticated_and_health_is_not()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();

        var info = await RpcAssert.FailsWithReason(StatusCode.Unauthenticated, "CALLER_UNKNOWN",
            () => membership.GetMemberStateAsync(Kazakhstan, Callers.Anonymous).ResponseAsync);
        Assert.Equal("cica-platform", info.Domain);
        Assert.Equal("memberStates/KAZ", (await membership.GetMemberStateAsync(Kazakhstan, Callers.Observer)).MemberState.Name);
        var health = new Grpc.Health.V1.Health.HealthClient(host.Channel);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), Callers.Anonymous)).Status);
    }

    [Fact]
    public async Task Tokens_the_platform_did_not_issue_or_that_name_no_known_caller_are_unauthenticated()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        foreach (var token in new[]
        {
            TestTokens.Foreign("secretariat", keyBase64: otherKey),           // another signer
            TestTokens.Foreign("secretariat", issuer: "someone-else"),        // another issuer
            TestTokens.Foreign("secretariat", audience: "another-platform"),  // another audience
            TestTokens.Foreign("secretariat", lifetime: TimeSpan.FromMinutes(-10)), // expired
            TestTokens.For("president"),                                      // unknown role
            TestTokens.For("member-state", "XXX"),                            // unknown country
            TestTokens.For("member-state"),                                   // no country
            "not.a.token",
            new string('A', 8 * 1024),                                        // 8 KB of nothing
        })
        {
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan, Callers.Bearer(token)).ResponseAsync);
        }
    }

    [Fact]
    public async Task A_token_accepted_on_earlier_calls_is_refused_once_it_expires_and_a_refused_one_stays_refused()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Security:Jwt:ClockSkew"] = "00:00:00" });
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var shortLived = TestTokens.Foreign("observer", lifetime: TimeSpan.FromSeconds(6));

        // Accepted, then accepted again from what the platform remembers of it…
        for (var i = 0; i < 3; i++)
            Assert.Equal("memberStates/KAZ", (await membership.GetMemberStateAsync(Kazakhstan, Callers.Bearer(shortLived))).MemberState.Name);
        // …but never past its expiry.
        await Eventually.HoldsAsync(async () =>
        {
            try
            {
                await membership.GetMemberStateAsync(Kazakhstan, Callers.Bearer(shortLived));
                return false;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                return true;
            }
        }, TimeSpan.FromSeconds(30), "the expired token refused with UNAUTHENTICATED");
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan, Callers.Bearer(shortLived)).ResponseAsync);

        // A token signed with another key is refused every time it is sent, whatever was accepted before.
        var forged = TestTokens.Foreign("secretariat", keyBase64: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        for (var i = 0; i < 3; i++)
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan, Callers.Bearer(forged)).ResponseAsync);
        Assert.Equal("memberStates/KAZ", (await membership.GetMemberStateAsync(Kazakhstan, Callers.Observer)).MemberState.Name);
    }

    [Fact]
    public async Task The_declared_caller_is_ignored_unless_explicitly_allowed()
    {
        using var data = new TempDirectory();
        var submit = new SubmitAccessionApplicationRequest { CountryCode = "PHL", SubmittedOn = new() { Year = 2023, Month = 1, Day = 1 } };
        await using (var host = await PlatformHost.StartAsync(data.Path))
        {
            var membership = host.Client<MembershipService.MembershipServiceClient>();
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.SubmitAccessionApplicationAsync(submit, Callers.Declared("secretariat")).ResponseAsync);
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan, Callers.Declared(new string('x', 8 * 1024))).ResponseAsync);
        }
        await using (var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Security:AllowDeclaredCaller"] = "true" }))
        {
            var membership = host.Client<MembershipService.MembershipServiceClient>();
            Assert.Equal("accessionApplications/PHL-2023", (await membership.SubmitAccessionApplicationAsync(submit, Callers.Declared("secretariat"))).AccessionApplication.Name);
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan, Callers.Declared("minister")).ResponseAsync);
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan, Callers.Declared(new string('x', 8 * 1024))).ResponseAsync);
        }
    }

    [Fact]
    public async Task The_token_command_issues_a_development_token_that_the_embedded_default_trusts()
    {
        using var data = new TempDirectory();
        var (exit, output) = await PlatformCommand.RunAsync(data.Path, ["token", "--role", "member-state", "--country", "KAZ"], TimeSpan.FromSeconds(60));
        Assert.True(exit == 0, output);
        var token = output.Trim().Split('\n')[^1].Trim();
        Assert.True(File.Exists(Path.Combine(data.Path, "dev-token-signing.key")));

        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Security:Jwt:Issuer"] = "cica-development",
            ["Security:Jwt:TrustDevelopmentKey"] = "true",
        });
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        Assert.Equal("memberStates/KAZ", (await membership.GetMemberStateAsync(Kazakhstan, Callers.Bearer(token))).MemberState.Name);
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "SECRETARIAT_ONLY", () => membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = "PHL", SubmittedOn = new() { Year = 2023, Month = 1, Day = 1 } }, Callers.Bearer(token)).ResponseAsync);
    }

    [Fact]
    public async Task The_gateway_forwards_the_callers_token_and_the_services_authenticate_it()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var gateway = host.Client<GatewayService.GatewayServiceClient>();

        var dossier = (await gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = "KAZ" }, Callers.Observer)).Dossier;
        Assert.Equal(SectionState.Ok, dossier.Membership.Status.State);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            () => gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = "KAZ" }, Callers.Anonymous).ResponseAsync);
    }
}

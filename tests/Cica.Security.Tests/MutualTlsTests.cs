using System.Security.Cryptography.X509Certificates;
using Cica.Contracts.Membership.V1;
using Cica.ServiceDefaults.Endpoints;
using Cica.ServiceDefaults.Security;
using Cica.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Security.Tests;

/// <summary>
/// Mutual TLS as the alternative to tokens: a client certificate issued by the configured authority
/// and mapped to a caller acts as that caller; any other certificate is UNAUTHENTICATED.
/// </summary>
public sealed class MutualTlsTests
{
    private static readonly GetMemberStateRequest Kazakhstan = new() { Name = "memberStates/KAZ" };

    [Fact]
    public async Task A_client_certificate_mapped_to_a_country_acts_for_that_country_and_no_other_certificate_is_trusted()
    {
        using var data = new TempDirectory();
        var certificates = new TestCertificates(data.Path);
        var rogue = new TestCertificates(data.Path, "Rogue authority");
        var (serverFile, keyFile, server) = certificates.Server();
        var kazakhstan = certificates.Client("Ministry of Foreign Affairs of Kazakhstan");
        var secretariat = certificates.Client("CICA Secretariat");
        var unmapped = certificates.Client("Nobody in particular");
        var forged = rogue.Client("Ministry of Foreign Affairs of Kazakhstan");

        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Security:MutualTls:Endpoint"] = "127.0.0.1:0",
            ["Security:MutualTls:CertificateFile"] = serverFile,
            ["Security:MutualTls:KeyFile"] = keyFile,
            ["Security:MutualTls:ClientAuthorityFiles:0"] = certificates.AuthorityFile,
            [$"Security:MutualTls:Callers:{MutualTls.Thumbprint(kazakhstan)}"] = "member-state/KAZ",
            [$"Security:MutualTls:Callers:{MutualTls.Thumbprint(secretariat)}"] = "secretariat",
            // The rogue certificate's thumbprint is mapped too: trust comes from the authority, not the map alone.
            [$"Security:MutualTls:Callers:{MutualTls.Thumbprint(forged)}"] = "secretariat",
        });
        var address = host.Services.GetRequiredService<ServedEndpoints>().Named(MutualTls.EndpointName).Single();
        Assert.Equal("https", address.Scheme);

        using (var channel = Over(address, kazakhstan, server))
        {
            var membership = new MembershipService.MembershipServiceClient(channel);
            Assert.Equal("memberStates/KAZ", (await membership.GetMemberStateAsync(Kazakhstan)).MemberState.Name);
            // Acting as Kazakhstan, not as the Secretariat: recording an accession is refused for what the caller is.
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => membership.SubmitAccessionApplicationAsync(Accession("PHL")).ResponseAsync);
        }
        using (var channel = Over(address, secretariat, server))
        {
            var membership = new MembershipService.MembershipServiceClient(channel);
            Assert.Equal("accessionApplications/PHL-2023", (await membership.SubmitAccessionApplicationAsync(Accession("PHL"))).AccessionApplication.Name);
        }
        foreach (var certificate in new[] { unmapped, forged })
        {
            using var channel = Over(address, certificate, server);
            var membership = new MembershipService.MembershipServiceClient(channel);
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.GetMemberStateAsync(Kazakhstan).ResponseAsync);
            await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => membership.SubmitAccessionApplicationAsync(Accession("VNM")).ResponseAsync);
        }

        // The plain endpoint still takes bearer tokens, and nothing the refused certificates tried was recorded.
        var plain = host.Client<MembershipService.MembershipServiceClient>();
        await RpcAssert.FailsWith(StatusCode.NotFound, () => plain.GetAccessionApplicationAsync(
            new GetAccessionApplicationRequest { Name = "accessionApplications/VNM-2023" }, Callers.Secretariat).ResponseAsync);
    }

    private static SubmitAccessionApplicationRequest Accession(string country) =>
        new() { CountryCode = country, SubmittedOn = new() { Year = 2023, Month = 1, Day = 1 } };

    private static GrpcChannel Over(Uri address, X509Certificate2 client, X509Certificate2 server)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = [client];
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetCertHashString() == server.GetCertHashString();
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}

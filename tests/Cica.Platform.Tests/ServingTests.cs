using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Data.Sqlite;

namespace Cica.Platform.Tests;

/// <summary>What an operator and a client see of the host itself: health, reflection, limits.</summary>
public sealed class ServingTests
{
    private const string MembershipService = "cica.membership.v1.MembershipService";
    private const string CbmService = "cica.cbm.v1.CbmCoordinationService";

    [Fact]
    public async Task A_service_is_NOT_SERVING_and_refuses_calls_until_its_database_is_migrated()
    {
        using var data = new TempDirectory();
        // Another process holds CBM Coordination's database file locked: its migrations must wait.
        await using var blocker = new SqliteConnection($"Data Source={Path.Combine(data.Path, "cbm.db")}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        await using var host = await PlatformHost.StartAsync(data.Path, waitUntilServing: false);
        await host.WaitUntilServingAsync(MembershipService); // the other service, with its own database, serves meanwhile
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthProbe.StatusAsync(host.Channel, CbmService));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await HealthProbe.StatusAsync(host.Channel));
        await RpcAssert.FailsWithReason(StatusCode.Unavailable, "STARTING", () => host.Client<CbmCoordinationService.CbmCoordinationServiceClient>()
            .ListDimensionsAsync(new ListDimensionsRequest()).ResponseAsync);

        await using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        await host.WaitUntilServingAsync(CbmService);
        await host.WaitUntilServingAsync();
        var dimensions = await host.Client<CbmCoordinationService.CbmCoordinationServiceClient>().ListDimensionsAsync(new ListDimensionsRequest());
        Assert.Equal(5, dimensions.Dimensions.Count);
    }

    [Fact]
    public async Task Reflection_when_turned_on_lists_every_service_so_generic_clients_can_call_them()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Grpc:Reflection"] = "true" });
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        Assert.Contains(MembershipService, services);
        Assert.Contains(CbmService, services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("cica.audit.v1.AuditTrailService", services);
    }

    [Fact]
    public async Task An_oversized_request_is_refused_with_RESOURCE_EXHAUSTED_and_changes_nothing()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var huge = new SubmitAccessionApplicationRequest
        {
            CountryCode = "TKM",
            SubmittedOn = new() { Year = 2023, Month = 1, Day = 1 },
            DisplayName = new() { En = new string('x', 5 * 1024 * 1024) },
        };

        await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => membership.SubmitAccessionApplicationAsync(huge, Callers.Secretariat).ResponseAsync);
        var applications = await membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest());
        Assert.Equal(["accessionApplications/KWT-2022"], applications.AccessionApplications.Select(a => a.Name));
    }

    [Fact]
    public void Services_split_across_processes_refuse_to_start_without_a_broker()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Cica.Platform.PlatformApp.Create(["--Cica:Services=membership"]));
        Assert.Contains("Messaging:RabbitMq", ex.Message);
    }
}

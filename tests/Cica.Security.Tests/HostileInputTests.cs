using System.Net;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Google.Rpc;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace Cica.Security.Tests;

/// <summary>Malformed, oversized and excessive input gets a precise status, costs little, and echoes nothing unbounded.</summary>
public sealed class HostileInputTests
{
    // Truncated (a 16-byte string with 1 byte), a bad wire type (7), invalid UTF-8 in a string field.
    public static TheoryData<string, byte[]> Unparseable => new()
    {
        { "truncated", [0x0A, 0x10, 0x61] },
        { "bad wire type", [0x0F, 0x01] },
        { "invalid UTF-8", [0x0A, 0x02, 0xC3, 0x28] },
        { "length beyond the message", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F] },
    };

    [Theory]
    [MemberData(nameof(Unparseable))]
    public async Task A_request_the_server_cannot_parse_is_INVALID_ARGUMENT(string what, byte[] bytes)
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var invoker = host.Channel.CreateCallInvoker();
        foreach (var method in new[] { MembershipService.Descriptor.FindMethodByName("GetMemberState"), MembershipService.Descriptor.FindMethodByName("AdmitMemberState") })
        {
            var outcome = await RawCalls.CallAsync(invoker, method, bytes, Callers.Secretariat);
            Assert.True(outcome.Status.StatusCode == StatusCode.InvalidArgument, $"{what} to {method.Name}: {outcome.Status}");
        }
    }

    [Fact]
    public async Task A_raw_HTTP2_call_with_a_truncated_message_reads_grpc_status_INVALID_ARGUMENT()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        using var http = new HttpClient(new SocketsHttpHandler());
        byte[] message = [0x0A, 0x10, 0x61];
        var frame = new byte[5 + message.Length];
        frame[4] = (byte)message.Length;
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(host.Address, "/cica.membership.v1.MembershipService/GetMemberState"))
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.TryAddWithoutValidation("authorization", "Bearer " + TestTokens.For("observer"));
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.First()
            : response.Headers.TryGetValues("grpc-status", out var leading) ? leading.First() : null;
        Assert.True(status == "3", $"HTTP {(int)response.StatusCode} {response.Version}, headers [{response.Headers}], trailers [{response.TrailingHeaders}]");
    }

    [Fact]
    public async Task A_huge_resource_name_yields_a_readable_status_that_does_not_echo_it()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        var cbm = host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        var name = "memberStates/" + new string('Z', 2535);

        var ex = await Assert.ThrowsAsync<RpcException>(() => membership.GetMemberStateAsync(new GetMemberStateRequest { Name = name }).ResponseAsync);
        Assert.Contains(ex.StatusCode, new[] { StatusCode.NotFound, StatusCode.InvalidArgument });
        Assert.True(ex.Status.Detail.Length <= 500, ex.Status.Detail);
        ex = await Assert.ThrowsAsync<RpcException>(() => cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = "priorityAreas/" + new string('x', 2535) }).ResponseAsync);
        Assert.Contains(ex.StatusCode, new[] { StatusCode.NotFound, StatusCode.InvalidArgument });
        ex = await Assert.ThrowsAsync<RpcException>(() => membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/" + new string('Q', 2535),
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new() { Year = 2022, Month = 10, Day = 13 } },
        }, Callers.Secretariat).ResponseAsync);
        Assert.Contains(ex.StatusCode, new[] { StatusCode.NotFound, StatusCode.InvalidArgument, StatusCode.FailedPrecondition });
    }

    [Theory]
    [InlineData(99)]
    [InlineData(-1)]
    public async Task An_unknown_decision_body_is_rejected(int body)
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var cbm = host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        await RpcAssert.InvalidField("decision.body", () => cbm.AmendCoordinatorListAsync(new AmendCoordinatorListRequest
        {
            Decision = new DecisionReference { Body = (DecisionBody)body, Date = new() { Year = 2023, Month = 1, Day = 10 } },
            Changes = { new CoordinatorListChange { Add = new CoordinatorListChange.Types.Add { PriorityArea = "priorityAreas/economic-8", CountryCode = "KAZ", Role = CoordinatorRole.CoCoordinator } } },
        }, Callers.Secretariat).ResponseAsync);
    }

    [Fact]
    public async Task Output_only_fields_in_a_request_are_never_written()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var cbm = host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        var forged = new Activity
        {
            Name = "activities/999999",
            PriorityArea = "priorityAreas/new-challenges-and-threats-3",
            Title = new LocalizedText { En = "Workshop" },
            Kind = ActivityKind.Workshop,
            Date = new() { Year = 2023, Month = 5, Day = 17 },
            Status = ActivityStatus.Planned,
            ReportedBy = new Actor { Kind = ActorKind.Secretariat },
            CreateTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
            Etag = "forged",
        };
        var reported = (await cbm.ReportActivityAsync(new ReportActivityRequest { Activity = forged }, Callers.MemberState("RUS"))).Activity;
        Assert.NotEqual(forged.Name, reported.Name);
        Assert.Equal(new Actor { Kind = ActorKind.MemberState, CountryCode = "RUS" }, reported.ReportedBy);
        Assert.NotEqual(forged.CreateTime, reported.CreateTime);
        Assert.NotEqual("forged", reported.Etag);
        await RpcAssert.InvalidField("update_mask.paths[0]", () => cbm.UpdateActivityAsync(new UpdateActivityRequest
        {
            Activity = new Activity { Name = reported.Name, ReportedBy = new Actor { Kind = ActorKind.Secretariat } },
            UpdateMask = new() { Paths = { "reported_by" } },
        }, Callers.MemberState("RUS")).ResponseAsync);
    }

    [Fact]
    public async Task Too_many_calls_from_one_principal_or_an_anonymous_address_are_RESOURCE_EXHAUSTED()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Security:RateLimit:Burst"] = "5",
            ["Security:RateLimit:PerSecond"] = "1",
        });
        var membership = host.Client<MembershipService.MembershipServiceClient>();
        foreach (var caller in new[] { Callers.MemberState("KAZ"), Callers.Anonymous })
        {
            var codes = new List<StatusCode>();
            for (var i = 0; i < 12; i++)
            {
                try { await membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KAZ" }, caller); codes.Add(StatusCode.OK); }
                catch (RpcException ex) { codes.Add(ex.StatusCode); }
            }
            Assert.Contains(StatusCode.ResourceExhausted, codes);
            Assert.DoesNotContain(StatusCode.Unavailable, codes);
        }
        var limited = await RpcAssert.FailsWithReason(StatusCode.ResourceExhausted, "RATE_LIMITED",
            () => membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KAZ" }, Callers.MemberState("KAZ")).ResponseAsync);
        Assert.Equal("cica-platform", limited.Domain);
        // Another principal has a bucket of its own.
        await membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KAZ" }, Callers.MemberState("UZB"));
    }

    [Fact]
    public async Task Reflection_is_off_by_default_and_when_on_serves_the_error_details()
    {
        using var data = new TempDirectory();
        await using (var host = await PlatformHost.StartAsync(data.Path))
        {
            using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo();
            var ex = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
                await call.ResponseStream.MoveNext(CancellationToken.None);
            });
            Assert.Equal(StatusCode.Unimplemented, ex.StatusCode);
        }
        await using (var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Grpc:Reflection"] = "true" }))
        {
            using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo();
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = BadRequest.Descriptor.FullName });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse, call.ResponseStream.Current.MessageResponseCase);
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "cica.membership.v1.MembershipService");
            await call.RequestStream.CompleteAsync();
        }
    }
}

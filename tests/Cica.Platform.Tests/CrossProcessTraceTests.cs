using System.Diagnostics;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Platform.Tests;

/// <summary>Tests that use the test run's RabbitMQ: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RabbitMQ broker";
}

/// <summary>
/// One trace across processes and the broker, read from what the processes export over OTLP: a
/// foreign system's call to the gateway, forwarded to Membership, reaches CBM's database in a third
/// process, and every span names its parent.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class CrossProcessTraceTests
{
    [Fact]
    public async Task An_admission_is_one_trace_from_the_callers_span_through_the_gateway_outbox_and_RabbitMQ_to_the_write_of_CBMs_consumer()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        Dictionary<string, string> As(string service)
        {
            var settings = collector.ExportSettings();
            settings["Cica:Services"] = service;
            settings["Messaging:RabbitMq"] = RabbitMqBroker.As(service, broker);
            Directory.CreateDirectory(Path.Combine(data.Path, service));
            return settings;
        }

        // CBM first: its seed waits for Membership's MemberStateAdmitted events.
        var cbmStart = PlatformProcess.StartAsync(Path.Combine(data.Path, "cbm"), As("cbm"));
        await Task.Delay(3000);
        await using var membership = await PlatformProcess.StartAsync(Path.Combine(data.Path, "membership"), As("membership"));
        await using var cbm = await cbmStart;
        // The public entry point: a gateway of its own, forwarding Membership's RPCs.
        var gatewaySettings = As("gateway");
        gatewaySettings["Gateway:Services:membership"] = membership.Address.ToString();
        gatewaySettings["Gateway:Services:cbm"] = cbm.Address.ToString();
        await using var gateway = await PlatformProcess.StartAsync(Path.Combine(data.Path, "gateway"), gatewaySettings);

        // The foreign system's client span, as its tracer would send it (W3C traceparent).
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var clientSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var headers = new Metadata();
        foreach (var entry in Callers.Secretariat) headers.Add(entry);
        headers.Add("traceparent", $"00-{traceId}-{clientSpanId}-01");
        await new MembershipService.MembershipServiceClient(gateway.Channel).AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/KWT-2022",
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2022, Month = 10, Day = 13 }, Meeting = "Sixth CICA Summit, Astana" },
        }, headers);

        // Each process exports its spans in batches of its own: wait for both ends of the chain.
        var spans = await collector.WaitForSpansAsync(
            s => s.Any(x => x.TraceId == traceId && x.Service == "cica-cbm" && x.Name == "WRITE cbm")
                && s.Any(x => x.TraceId == traceId && x.Service == "cica-membership" && x.Kind == OtlpSpanKind.Server)
                && s.Any(x => x.TraceId == traceId && x.Service == "cica-gateway" && x.Scope == "Microsoft.AspNetCore")
                && s.Any(x => x.TraceId == traceId && x.Scope == "Cica.Messaging.Outbox"),
            "CBM's write for Kuwait's admission, in the caller's trace with the gateway's and Membership's server spans");
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var context = "trace: " + string.Join(" | ", trace);

        // client → the gateway's server span → its forward (YARP's span, then the HTTP/2 request it
        // sends) → Membership's server span
        var byId = trace.ToDictionary(s => s.SpanId);
        var gatewayServer = trace.Single(s => s.Service == "cica-gateway" && s.Scope == "Microsoft.AspNetCore" && s.Kind == OtlpSpanKind.Server);
        Assert.True(gatewayServer.ParentSpanId == clientSpanId && gatewayServer.Name.Contains("cica.membership.v1.MembershipService", StringComparison.Ordinal), context);
        var forward = trace.Single(s => s.Service == "cica-gateway" && s.Scope == "Yarp.ReverseProxy");
        Assert.True(forward.ParentSpanId == gatewayServer.SpanId, context);
        var request = trace.Single(s => s.Service == "cica-gateway" && s.Scope == "System.Net.Http");
        Assert.True(request.ParentSpanId == forward.SpanId && request.Kind == OtlpSpanKind.Client, context);
        var server = trace.Single(s => s.Service == "cica-membership" && s.Kind == OtlpSpanKind.Server && s.Name.Contains("/AdmitMemberState", StringComparison.Ordinal));
        Assert.True(server.ParentSpanId == request.SpanId, context);
        // → its write transaction, and the outbox relay's publish of the event it wrote
        Assert.Contains(trace, s => s.Name == "WRITE membership" && s.ParentSpanId == server.SpanId && s.Attributes.GetValueOrDefault("db.system") == "sqlite");
        var publish = trace.Single(s => s.Scope == "Cica.Messaging.Outbox" && s.Name.Contains("MemberStateAdmitted", StringComparison.Ordinal));
        Assert.True(publish.ParentSpanId == server.SpanId && publish.Kind == OtlpSpanKind.Producer, context);
        Assert.Equal("cica-membership", publish.Service);
        // → (the relay's publish is the send to RabbitMQ: RabbitMQ.Client, the span's context in the
        // message's headers) in the CBM process: MassTransit's receive and consume, then the consumer's database write.
        var receive = trace.Single(s => s.Service == "cica-cbm" && s.Scope == "MassTransit" && s.ParentSpanId == publish.SpanId);
        Assert.True(receive.Kind == OtlpSpanKind.Consumer, context);
        var write = trace.First(s => s.Service == "cica-cbm" && s.Name == "WRITE cbm");
        var chain = new List<ExportedSpan>();
        for (var at = write; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent) chain.Add(parent);
        Assert.True(chain.Count >= 5 && chain.TakeWhile(s => s.SpanId != receive.SpanId).All(s => s.Service == "cica-cbm" && s.Scope == "MassTransit"),
            "the write's ancestors are CBM's MassTransit consume/receive spans, then the relay's publish: " + string.Join(" <- ", chain));
        Assert.True(chain[0].Kind == OtlpSpanKind.Consumer && chain[0].Name.EndsWith(" process", StringComparison.Ordinal), "the write is under the consumer's span: " + chain[0]);
        Assert.Equal([receive.SpanId, publish.SpanId, server.SpanId, request.SpanId, forward.SpanId, gatewayServer.SpanId],
            chain.SkipWhile(s => s.SpanId != receive.SpanId).Select(s => s.SpanId));
        Assert.Equal(clientSpanId, chain[^1].ParentSpanId);

        // Console logs carry the ids of the trace they belong to.
        Assert.Contains("TraceId:", membership.Output, StringComparison.Ordinal);
    }
}

using Cica.Contracts.Membership.V1;
using Cica.Testing;

namespace Cica.Platform.Tests;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, traces, metrics and logs reach the operators' collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_metrics_and_logs_are_exported_over_OTLP_when_an_endpoint_is_configured()
    {
        await using var collector = await OtlpCollector.StartAsync();
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",        // export batches quickly in a test
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["Logging:LogLevel:Default"] = "Information",
        });

        await host.Client<MembershipService.MembershipServiceClient>().ListMemberStatesAsync(new ListMemberStatesRequest());

        // OTLP bodies are protobuf; its strings (service name, span name) appear in them as UTF-8.
        await collector.WaitForAsync("/v1/traces", "cica.membership.v1.MembershipService/ListMemberStates");
        await collector.WaitForAsync("/v1/traces", "cica-platform");
        await collector.WaitForAsync("/v1/metrics", "http.server.request.duration");
        await collector.WaitForAsync("/v1/metrics", "rpc.server.duration");
        await collector.WaitForAsync("/v1/metrics", "cica.outbox.backlog");
        await collector.WaitForAsync("/v1/traces", "seed membership");
        await collector.WaitForAsync("/v1/logs", "database ready");
    }
}

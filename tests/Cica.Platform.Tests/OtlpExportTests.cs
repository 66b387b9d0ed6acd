using System.Collections.Concurrent;
using System.Text;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cica.Platform.Tests;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, traces, metrics and logs reach the operators' collector.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Traces_metrics_and_logs_are_exported_over_OTLP_when_an_endpoint_is_configured()
    {
        await using var collector = await FakeCollector.StartAsync();
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
        await collector.WaitForAsync("/v1/logs", "database ready");
    }

    /// <summary>An OTLP/HTTP endpoint on loopback that keeps what it is sent.</summary>
    private sealed class FakeCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private FakeCollector(WebApplication app) => _app = app;

        public string Address => _app.Urls.First();

        public static async Task<FakeCollector> StartAsync()
        {
            // Its own endpoint: the platform's appsettings.json beside the tests names 5080, HTTP/2 only.
            var builder = WebApplication.CreateBuilder([
                "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
                "--Kestrel:Endpoints:Grpc:Protocols=Http1AndHttp2",
            ]);
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new FakeCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((context.Request.Path, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return collector;
        }

        public async Task WaitForAsync(string path, string text)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0))
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"no {path} export containing '{text}'; received: {string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} bytes)"))}");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

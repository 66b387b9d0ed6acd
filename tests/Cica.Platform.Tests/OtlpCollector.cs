using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cica.Platform.Tests;

/// <summary>
/// An OTLP/HTTP endpoint on loopback that keeps what it is sent, and reads the spans of trace
/// exports (OTLP's protobuf, decoded field by field: the OTLP .proto package is not served here).
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    private OtlpCollector(WebApplication app) => _app = app;

    public string Address => _app.Urls.First(); // either endpoint serves OTLP/HTTP (HTTP/1.1)

    public static async Task<OtlpCollector> StartAsync()
    {
        // Its own endpoints: the platform's appsettings.json beside the tests names 5080 (HTTP/2 only)
        // and 5088, which another collector or platform may hold.
        var builder = WebApplication.CreateBuilder([
            "--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:0",
            "--Kestrel:Endpoints:Grpc:Protocols=Http1AndHttp2",
            "--Kestrel:Endpoints:Rest:Url=http://127.0.0.1:0",
        ]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
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

    /// <summary>Settings that make a platform export here, in small quick batches.</summary>
    public Dictionary<string, string> ExportSettings() => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Address,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    /// <summary>Waits until an export to <paramref name="path"/> contains <paramref name="text"/> (UTF-8).</summary>
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

    /// <summary>Every span exported so far.</summary>
    public IReadOnlyList<ExportedSpan> Spans =>
        [.. _received.Where(r => r.Path == "/v1/traces").SelectMany(r => OtlpTraces.Parse(r.Body))];

    /// <summary>Waits until <paramref name="done"/> holds of the exported spans; returns them.</summary>
    public async Task<IReadOnlyList<ExportedSpan>> WaitForSpansAsync(Func<IReadOnlyList<ExportedSpan>, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var spans = Spans;
        while (!done(spans) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            spans = Spans;
        }
        Assert.True(done(spans), $"{what}; exported: " + string.Join(", ", spans.Select(s => $"{s.Service}/{s.Scope}/{s.Kind}/{s.Name}").Distinct().Take(80)));
        return spans;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>OTLP span kinds (opentelemetry.proto.trace.v1.Span.SpanKind).</summary>
public enum OtlpSpanKind { Unspecified, Internal, Server, Client, Producer, Consumer }

/// <summary>One span as exported: ids in lower-case hex, the process's service.name and the instrumentation scope.</summary>
public sealed record ExportedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, OtlpSpanKind Kind,
    IReadOnlyDictionary<string, string> Attributes)
{
    public override string ToString() => $"{Service}/{Scope}/{Kind}/{Name} {SpanId}<-{ParentSpanId}";
}

/// <summary>Decodes ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) as far as the tests need.</summary>
internal static class OtlpTraces
{
    public static IEnumerable<ExportedSpan> Parse(byte[] body)
    {
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in Messages(body, 1))                 // resource_spans
        {
            var service = "";
            foreach (var resource in Messages(resourceSpans, 1))          // resource
                service = Attributes(resource, 1).GetValueOrDefault("service.name", "");
            foreach (var scopeSpans in Messages(resourceSpans, 2))        // scope_spans
            {
                var scope = "";
                foreach (var s in Messages(scopeSpans, 1)) scope = Strings(s, 1).FirstOrDefault() ?? "";
                foreach (var span in Messages(scopeSpans, 2))
                    spans.Add(ReadSpan(span, service, scope));
            }
        }
        return spans;
    }

    private static ExportedSpan ReadSpan(byte[] span, string service, string scope)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = OtlpSpanKind.Unspecified;
        var input = new CodedInputStream(span);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: traceId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 2: spanId = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 4: parent = Convert.ToHexStringLower(input.ReadBytes().ToByteArray()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = (OtlpSpanKind)input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new ExportedSpan(service, scope, traceId, spanId, parent, name, kind, Attributes(span, 9));
    }

    // KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string_value = 1; bool = 2; int = 3; double = 4; ... }
    private static Dictionary<string, string> Attributes(byte[] message, int field)
    {
        var result = new Dictionary<string, string>();
        foreach (var kv in Messages(message, field))
        {
            var key = Strings(kv, 1).FirstOrDefault() ?? "";
            var value = "";
            foreach (var any in Messages(kv, 2))
            {
                var input = new CodedInputStream(any);
                uint tag;
                while ((tag = input.ReadTag()) != 0)
                {
                    switch (WireFormat.GetTagFieldNumber(tag))
                    {
                        case 1: value = input.ReadString(); break;
                        case 2: value = input.ReadBool() ? "true" : "false"; break;
                        case 3: value = input.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture); break;
                        default: input.SkipLastField(); break;
                    }
                }
            }
            result[key] = value;
        }
        return result;
    }

    private static IEnumerable<byte[]> Messages(byte[] message, int field)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else input.SkipLastField();
        }
        return found;
    }

    private static IEnumerable<string> Strings(byte[] message, int field) =>
        Messages(message, field).Select(b => Encoding.UTF8.GetString(b));
}

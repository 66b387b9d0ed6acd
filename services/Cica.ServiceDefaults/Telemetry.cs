using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cica.ServiceDefaults;

/// <summary>
/// OpenTelemetry traces, metrics and logs for ASP.NET Core, gRPC, MassTransit, SqlClient and the
/// platform's own sources ("Cica.*": Cica.Persistence's database spans, the outbox relay, the RPC
/// and outbox meters), exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. Console logs
/// carry the trace and span id of the work they belong to (a scope line; or
/// Logging:Console:FormatterName=json for one JSON object per line with the same ids).
/// </summary>
/// <remarks>
/// A service with figures of its own creates a Meter named "Cica.{Service}" (Chairmanship's
/// SilenceMetrics: cica.silence_procedures.open and .nearest_deadline): the wildcard below exports it
/// with no change here.
/// </remarks>
public static class Telemetry
{
    /// <summary>Prefix of every ActivitySource and Meter of the platform.</summary>
    public const string SourcePrefix = "Cica.";

    /// <summary>Adds the platform's telemetry to the host.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        // Trace and span ids on every console line (the host already tracks them as a log scope).
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        // A formatter named explicitly: without a name the console logger copies its obsolete
        // options (IncludeScopes false) over the formatter's.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
                .AddGrpcClientInstrumentation()
                .AddSqlClientInstrumentation()                   // on SQL Server: the driver's spans under Cica.Persistence's
                .AddSource("MassTransit")
                .AddSource(SourcePrefix + "*"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(SourcePrefix + "*"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();
        return builder;
    }
}

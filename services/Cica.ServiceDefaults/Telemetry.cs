using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cica.ServiceDefaults;

/// <summary>
/// OpenTelemetry traces, metrics and logs for ASP.NET Core, gRPC, MassTransit and the platform's
/// own sources ("Cica.*"), exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class Telemetry
{
    /// <summary>Prefix of every ActivitySource and Meter of the platform.</summary>
    public const string SourcePrefix = "Cica.";

    /// <summary>Adds the platform's telemetry to the host.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
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

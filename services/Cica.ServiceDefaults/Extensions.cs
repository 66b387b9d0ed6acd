using Cica.ServiceDefaults.Callers;
using Cica.ServiceDefaults.Endpoints;
using Cica.ServiceDefaults.Errors;
using Cica.ServiceDefaults.Health;
using Cica.ServiceDefaults.Security;
using ProtoServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Grpc.AspNetCore.Server;
using Grpc.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using System.Reflection;
using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cica.ServiceDefaults;

/// <summary>What every CICA host adds before its services, and maps after them.</summary>
public static class Extensions
{
    /// <summary>Tag of the health checks that say whether a service is ready to serve.</summary>
    public const string ReadinessTag = "cica-readiness";

    /// <summary>Largest request a client may send: ample for a concept paper in three languages.</summary>
    public const int MaxReceiveMessageBytes = 4 * 1024 * 1024;

    /// <summary>Largest response: a page of 100 resources is far below it.</summary>
    public const int MaxSendMessageBytes = 16 * 1024 * 1024;

    /// <summary>Telemetry, gRPC with its interceptors and limits, health, reflection and caller identity.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddTelemetry(serviceName);

        // Plain-text HTTP/2 (h2c) unless an endpoint says otherwise: gRPC clients connect without TLS
        // on loopback; TLS terminates in front of the platform in production.
        // An endpoint may say otherwise (Protocols: Http1AndHttp2 for REST/JSON); ServedEndpoints
        // records each, so the host can say where it serves what once it has bound them.
        var endpoints = new ServedEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint =>
        {
            endpoint.Protocols = HttpProtocols.Http2;
            endpoints.Add(endpoint);
        }));

        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = MaxSendMessageBytes;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<RpcMetricsInterceptor>();      // outermost: the status the caller gets
            grpc.Interceptors.Add<UnexpectedErrorInterceptor>();
            grpc.Interceptors.Add<ReadinessInterceptor>();
            grpc.Interceptors.Add<CallDeadlineInterceptor>();   // innermost: the handler sees the capped deadline
        });
        builder.Services.AddGrpcReflection();
        // Reflection (when Grpc:Reflection is on) also serves google/rpc/error_details.proto, so that
        // reflection-based clients (grpcurl, buf curl) decode BadRequest and ErrorInfo details.
        builder.Services.AddSingleton(sp => ReflectionWithErrorDetails(sp.GetRequiredService<EndpointDataSource>()));
        builder.AddPlatformSecurity();
        // The server's overall status ("") is its services' readiness. Other health checks (e.g.
        // MassTransit's bus check) are not part of it: with the outbox, a service whose broker is
        // down still accepts writes and publishes them later, so it is SERVING.
        builder.Services.AddGrpcHealthChecks(o => o.Services.Map("", r => r.Tags.Contains(ReadinessTag)));
        builder.Services.AddSingleton<ServiceReadiness>();
        builder.Services.AddSingleton<ICallerResolver, ClaimsCallerResolver>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // HttpClientFactory logs four Information lines per outgoing call (the gateway's fan-out, the
        // portal's calls): a profile of the dossier showed formatting and writing them cost more than
        // the gateway's own work. Each outgoing call is a span of its caller's trace already.
        builder.Services.ConfigureHttpClientDefaults(client => client.RemoveAllLoggers());
        return builder;
    }

    /// <summary>
    /// Declares that <paramref name="grpcService"/> serves only once <paramref name="ready"/> completes:
    /// UNAVAILABLE and health NOT_SERVING before.
    /// </summary>
    public static IServiceCollection AddServiceReadiness(this IServiceCollection services, string grpcService, Func<IServiceProvider, Task> ready)
    {
        services.AddSingleton(new ReadinessRegistration(grpcService, ready));
        services.AddHealthChecks().Add(new HealthCheckRegistration(grpcService,
            sp => new ReadinessHealthCheck(sp.GetRequiredService<ServiceReadiness>(), grpcService),
            HealthStatus.Unhealthy, [grpcService, ReadinessTag]));
        services.Configure<GrpcHealthChecksOptions>(o => o.Services.Map(grpcService, r => r.Name == grpcService));
        return services;
    }

    /// <summary>Setting that turns server reflection on (off by default).</summary>
    public const string ReflectionKey = "Grpc:Reflection";

    /// <summary>
    /// grpc.health.v1 (anonymous: load balancers and probes carry no token) and, when
    /// <c>Grpc:Reflection</c> is true, server reflection (anonymous too: it describes only the public contracts).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService().AllowAnonymous();
        if (app.Configuration.GetValue<bool>(ReflectionKey)) app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }

    // As Grpc.AspNetCore.Server.Reflection builds it (the services mapped here), plus error_details.proto.
    private static ReflectionServiceImpl ReflectionWithErrorDetails(EndpointDataSource endpoints)
    {
        var descriptors = endpoints.Endpoints
            .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.ServiceType)
            .OfType<Type>().Distinct()
            .Select(DescriptorOf).OfType<ProtoServiceDescriptor>()
            .DistinctBy(d => d.FullName).ToList();
        var files = descriptors.Select(d => d.File).Append(Google.Rpc.ErrorDetailsReflection.Descriptor).Distinct();
        return new ReflectionServiceImpl(descriptors.Select(d => d.FullName), SymbolRegistry.FromFiles(files));
    }

    private static ProtoServiceDescriptor? DescriptorOf(Type serviceType)
    {
        for (var t = serviceType; t is not null; t = t.BaseType)
            if (t.GetCustomAttribute<Grpc.Core.BindServiceMethodAttribute>() is { } bind)
                return bind.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as ProtoServiceDescriptor;
        return null;
    }
}

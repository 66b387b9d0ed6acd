using Cica.Contracts.Audit.V1;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Gateway.Api;
using Cica.Gateway.Downstream;
using Cica.Gateway.Feed;
using Cica.Gateway.Forwarding;
using Cica.Gateway.Views;
using Cica.ServiceDefaults.Security;
using Cica.ServiceKit;
using Cica.ServiceKit.Audit;
using Microsoft.AspNetCore.Http;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Yarp.ReverseProxy.Configuration;

namespace Cica.Gateway;

/// <summary>
/// Adds the gateway to any host: the views over the services (typed gRPC clients at
/// <c>Gateway:Services:*</c>, or this process), the event feed in its own database, and the
/// reverse proxy that forwards every other RPC of a service to it (see <see cref="ServiceRoutes"/>).
/// </summary>
public static class GatewayModule
{
    /// <summary>Name of the gateway's database (gateway.db, or ConnectionStrings:gateway) and of its catalog entry.</summary>
    public const string ServiceName = "gateway";

    /// <summary>The queue the feed's consumers share.</summary>
    public const string FeedQueue = "gateway-feed";

    /// <summary>
    /// Events the feed records at a time. They are recorded through the database's group commit, so
    /// events that arrive together share one commit (one at a time, the feed committed, and synced
    /// to disk, once per event: 4.7x the syncs of CBM's own database under R3, and half of R3's
    /// throughput). The feed's order is that of its sequence, given at commit: events the broker
    /// delivers within the same instant may be recorded in either order, as if they had arrived so.
    /// </summary>
    public const int FeedConcurrency = 16;

    /// <summary>The platform's event types: every message declared in an events.proto of the contracts.</summary>
    public static IReadOnlyList<MessageDescriptor> EventTypes { get; } = [.. typeof(GatewayService).Assembly.GetExportedTypes()
        .Select(t => Messaging.Serialization.ProtobufDescriptors.TryGet(t, out var d) ? d : null)
        .OfType<MessageDescriptor>()
        .Where(d => d.File.Name.EndsWith("/events.proto", StringComparison.Ordinal))
        .OrderBy(d => d.FullName, StringComparer.Ordinal)];

    /// <summary>Registers the gateway with the kit: its database (the feed), the feed's consumers, the views and their clients.</summary>
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        builder.AddCicaService(ServiceName, GatewayService.Descriptor, o => new GatewayDatabase(o), service =>
        {
            var withConsumer = typeof(CicaService<GatewayDatabase>).GetMethod(nameof(CicaService<GatewayDatabase>.WithConsumer))!;
            foreach (var type in EventTypes)
                withConsumer.MakeGenericMethod(typeof(FeedConsumer<>).MakeGenericType(type.ClrType))
                    .Invoke(service, [FeedQueue, FeedConcurrency]);
            service.With<FeedStore>().With<FeedSignal>().With<ViewAssembler>().With<Downstream.Downstream>();
        });

        var services = builder.Services;
        services.AddOptions<GatewayOptions>().Bind(builder.Configuration.GetSection("Gateway"))
            .Validate(o => o.ViewDeadline > TimeSpan.Zero && o.CallTimeout > TimeSpan.Zero && o.Retries >= 0,
                "Gateway:ViewDeadline and Gateway:CallTimeout must be positive durations, Gateway:Retries 0 or more.")
            .ValidateOnStart();
        services.AddOptions<FeedOptions>().Bind(builder.Configuration.GetSection("Gateway:Feed"))
            .Validate(o => o.Retention > TimeSpan.Zero && o.PurgeInterval > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero && o.BatchSize > 0,
                "Gateway:Feed:Retention, PurgeInterval and PollInterval must be positive durations, BatchSize positive.")
            .ValidateOnStart();
        services.AddHostedService<FeedRetention>();
        InProcessServer.AddTo(services);   // the services this process carries are called in memory

        // One typed client per downstream service.
        AddClient<MembershipService.MembershipServiceClient>(services, DownstreamServices.Membership);
        AddClient<CbmCoordinationService.CbmCoordinationServiceClient>(services, DownstreamServices.Cbm);
        AddClient<ChairmanshipService.ChairmanshipServiceClient>(services, DownstreamServices.Chairmanship);
        AddClient<ConceptPapersService.ConceptPapersServiceClient>(services, DownstreamServices.ConceptPapers);
        // Each service's audit trail, read through the gateway (Forwarding/RemoteAuditTrails.cs).
        foreach (var service in DownstreamServices.All)
            AddClient<AuditTrailService.AuditTrailServiceClient>(services, service, RemoteAuditTrails.ClientName(service));
        services.AddSingleton<IRemoteAuditTrails, RemoteAuditTrails>();

        // The sections of each view, one class per downstream service.
        services.AddSingleton<MembershipSections>();
        services.AddSingleton<CbmSections>();
        services.AddSingleton<ChairmanshipSections>();
        services.AddSingleton<ConceptPapersSections>();
        Sections<CountryQuery, CountryDossier>(services, typeof(MembershipSections), typeof(CbmSections), typeof(ChairmanshipSections), typeof(ConceptPapersSections));
        Sections<PriorityAreaQuery, PriorityAreaOverview>(services, typeof(CbmSections), typeof(ConceptPapersSections));
        Sections<MeetingQuery, MeetingOutcome>(services, typeof(ChairmanshipSections), typeof(MembershipSections), typeof(CbmSections));

        // The public entry point for every service RPC, writes included: forwarded as they came
        // (the caller's bearer token, grpc-timeout, the request bytes) to the service that owns it.
        services.AddSingleton<ServiceRoutes>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<ServiceRoutes>());
        services.AddReverseProxy();
        // The forward's spans: YARP's (proxy.forwarder) and the HTTP/2 request it sends (.NET's own
        // System.Net.Http source), whose context is the traceparent the service continues, so the
        // service's server span is the child of an exported span of the gateway's trace.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource("Yarp.ReverseProxy", "System.Net.Http"));
        return builder;
    }

    /// <summary>Maps the gRPC service and the forwarded routes of the services this process does not carry.</summary>
    public static WebApplication MapGateway(this WebApplication app)
    {
        app.MapGrpcService<GatewayGrpcService>();
        app.MapReverseProxy(proxy => proxy.UseForwardingFailures());
        return app;
    }

    private static void Sections<TQuery, TView>(IServiceCollection services, params Type[] parts) where TView : Google.Protobuf.IMessage
    {
        foreach (var part in parts)
            services.AddSingleton(sp => (IViewSection<TQuery, TView>)sp.GetRequiredService(part));
    }

    private static void AddClient<TClient>(IServiceCollection services, DownstreamService service, string? name = null) where TClient : class =>
        services.AddGrpcClient<TClient>(name ?? service.Name, (sp, o) =>
                o.Address = sp.GetRequiredService<Downstream.Downstream>().AddressOf(service)
                    ?? throw new InvalidOperationException($"{service.Name} is not deployed: set Gateway:Services:{service.Name}."))
            // The services authenticate the caller of the view themselves: the gateway forwards its credentials.
            .AddInterceptor(sp => new ForwardCallerInterceptor(sp.GetRequiredService<IHttpContextAccessor>()))
            .ConfigureChannel(o =>
            {
                o.ThrowOperationCanceledOnCancellation = true; // the deadline's cancellation is Polly's timeout
                o.MaxReceiveMessageSize = 16 * 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<Downstream.Downstream>().InThisProcess(service)
                ? sp.GetRequiredService<InProcessServer>().CreateHandler()
                : new SocketsHttpHandler
                {
                    ConnectTimeout = TimeSpan.FromSeconds(1),
                    EnableMultipleHttp2Connections = true,
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                });
}

using Cica.Contracts.Audit.V1;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Portal;

/// <summary>
/// The audit trails the Secretariat reads in the portal: each service's trail is served
/// (AuditTrailService) by the host that carries that service, so there is one client per service,
/// at <see cref="PortalAddresses.AuditOf"/>, with <see cref="PortalCredentials"/>.
/// </summary>
public static class PortalAudit
{
    /// <summary>The services whose trails can be read, as AuditTrailService names them.</summary>
    public static readonly IReadOnlyList<string> Services = ["membership", "cbm", "chairmanship", "concept-papers", "gateway"];

    /// <summary>Registers the clients.</summary>
    internal static IServiceCollection AddPortalAudit(this IServiceCollection services)
    {
        foreach (var service in Services)
            services.AddGrpcClient<AuditTrailService.AuditTrailServiceClient>(Name(service), (sp, o) => o.Address = sp.GetRequiredService<PortalAddresses>().AuditOf(service))
                .AddInterceptor<PortalCredentials>(InterceptorScope.Client)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), EnableMultipleHttp2Connections = true });
        return services.AddScoped<PortalAuditClients>();
    }

    internal static string Name(string service) => PortalClients.Prefix + "audit-" + service;
}

/// <summary>The audit trail client of each service.</summary>
public sealed class PortalAuditClients(GrpcClientFactory factory)
{
    /// <summary>The client that reads <paramref name="service"/>'s trail (one of <see cref="PortalAudit.Services"/>).</summary>
    public AuditTrailService.AuditTrailServiceClient Of(string service) =>
        factory.CreateClient<AuditTrailService.AuditTrailServiceClient>(PortalAudit.Name(service));
}

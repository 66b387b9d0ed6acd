using Cica.Gateway.Downstream;
using Cica.ServiceDefaults.Health;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Cica.Gateway.Forwarding;

/// <summary>
/// The reverse proxy's routes: every RPC of a domain service (<c>/package.Service/Method</c>) goes to
/// the address the gateway reads that service at (<c>Gateway:Services:&lt;name&gt;</c>), over HTTP/2
/// without TLS (h2c, as the services listen). A service this process carries gets no route: its
/// methods are mapped here already, so the embedded platform (every service in one process, on one
/// endpoint) forwards nothing and answers every call itself.
/// </summary>
public sealed class ServiceRoutes(IOptions<GatewayOptions> options, IEnumerable<ReadinessRegistration> carried) : IProxyConfigProvider
{
    private readonly Lazy<IProxyConfig> _config = new(() => Build(options.Value, [.. carried.Select(r => r.GrpcService)]));

    /// <summary>The services forwarded, by their full gRPC names (for the start-up log and tests).</summary>
    public IReadOnlyList<string> Forwarded => [.. _config.Value.Routes.Select(r => r.RouteId)];

    /// <inheritdoc />
    public IProxyConfig GetConfig() => _config.Value;

    private static IProxyConfig Build(GatewayOptions options, HashSet<string> carried)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var service in DownstreamServices.All)
        {
            if (carried.Contains(service.GrpcService)) continue;
            if (!options.Services.TryGetValue(service.Name, out var address) || string.IsNullOrWhiteSpace(address)) continue;
            routes.Add(new RouteConfig
            {
                RouteId = service.GrpcService,
                ClusterId = service.Name,
                // The service authenticates the caller's own token itself (UNAUTHENTICATED, PERMISSION_DENIED
                // come from it, with their details): the gateway neither refuses nor vouches for a caller here.
                AuthorizationPolicy = "Anonymous",
                Match = new RouteMatch
                {
                    Path = $"/{service.GrpcService}/{{method}}",
                    // gRPC calls only: REST/JSON of a service is transcoded by the process that carries it.
                    Headers = [new RouteHeader { Name = "content-type", Values = ["application/grpc"], Mode = HeaderMatchMode.HeaderPrefix }],
                },
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = service.Name,
                Destinations = new Dictionary<string, DestinationConfig> { [service.Name] = new() { Address = address } },
                // h2c with prior knowledge: the services' gRPC endpoints speak HTTP/2 only.
                HttpRequest = new ForwarderRequestConfig { Version = System.Net.HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            });
        }
        return new Config(routes, clusters);
    }

    private sealed class Config(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;
        public IReadOnlyList<ClusterConfig> Clusters => clusters;
        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None); // fixed at start, as the rest of the configuration
    }
}

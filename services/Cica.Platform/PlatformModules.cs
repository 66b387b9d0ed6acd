using Cica.CbmCoordination;
using Cica.Chairmanship;
using Cica.ConceptPapers;
using Cica.Gateway;
using Cica.Membership;
using Cica.Portal;

namespace Cica.Platform;

/// <summary>
/// The services a process carries: all of them by default, or those listed in <c>Cica:Services</c>
/// (e.g. "membership"), so each can run as a process of its own with the same code.
/// </summary>
public sealed class PlatformModules
{
    // One line per service. The ports are where the service listens when it runs as a process of
    // its own (deploy/: the AppHost, compose, Kubernetes; PlatformCatalogTests keeps them in step).
    // Events: the protobuf package whose events.proto the service publishes, and only it (its broker
    // user cica-{name} may write only to those exchanges: deploy/scripts/rabbitmq.sh).
    private static readonly IReadOnlyList<Module> Catalog =
    [
        new(MembershipModule.ServiceName, new(GrpcPort: 5081, RestPort: 5091), b => b.AddMembership(), a => a.MapMembership(), Events: "cica.membership.v1"),
        new(CbmCoordinationModule.ServiceName, new(GrpcPort: 5082, RestPort: 5092), b => b.AddCbmCoordination(), a => a.MapCbmCoordination(), Events: "cica.cbm.v1"),
        new(ChairmanshipModule.ServiceName, new(GrpcPort: 5083, RestPort: 5093), b => b.AddChairmanship(), a => a.MapChairmanship(), Events: "cica.chairmanship.v1"),
        new(ConceptPapersModule.ServiceName, new(GrpcPort: 5084, RestPort: 5094), b => b.AddConceptPapers(), a => a.MapConceptPapers(), Events: "cica.concept_papers.v1"),
        new(GatewayModule.ServiceName, new(GrpcPort: 5080, RestPort: 5088), b => b.AddGateway(), a => a.MapGateway()),
        new(PortalModule.ServiceName, new(GrpcPort: 5085, RestPort: 5095), b => b.AddPortal(), a => a.MapPortal()),
    ];

    /// <summary>Protobuf package of events → the service that publishes them (consumers refuse them from anyone else).</summary>
    public static IReadOnlyDictionary<string, string> EventOwners { get; } =
        Catalog.Where(m => m.Events is not null).ToDictionary(m => m.Events!, m => m.Name, StringComparer.Ordinal);

    /// <summary>
    /// Every consumer queue of the platform per event type, whichever services this process carries:
    /// each module is registered once into a scratch builder (never built) and its consumers read off.
    /// A producer's outbox relay uses it to wait for the queues of consumers in other processes.
    /// </summary>
    public static Cica.Messaging.Consumers.ConsumerCatalog Consumers => LazyConsumers.Value;

    private static readonly Lazy<Cica.Messaging.Consumers.ConsumerCatalog> LazyConsumers = new(() =>
    {
        var scratch = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        foreach (var module in Catalog) module.Add(scratch);
        return Cica.Messaging.Consumers.ConsumerCatalog.From(scratch.Services);
    });

    /// <summary>Every service the platform binary can carry, with the ports it listens on as a process of its own.</summary>
    public static IReadOnlyList<DeployedService> Services { get; } =
        [.. Catalog.Select(m => new DeployedService(m.Name, m.Ports.GrpcPort, m.Ports.RestPort))];

    private PlatformModules(IReadOnlyList<Module> selected) => Selected_ = selected;

    private IReadOnlyList<Module> Selected_ { get; }

    /// <summary>True when this process carries every service.</summary>
    public bool CarriesAll => Selected_.Count == Catalog.Count;

    /// <summary>Names of the services carried.</summary>
    public IEnumerable<string> Names => Selected_.Select(m => m.Name);

    /// <summary>The service.name of this process's telemetry.</summary>
    public string TelemetryName => CarriesAll ? "cica-platform" : "cica-" + string.Join("-", Names);

    /// <summary>The modules named in configuration; every module when none is named.</summary>
    public static PlatformModules Selected(IConfiguration configuration)
    {
        var wanted = (configuration["Cica:Services"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (wanted.Length == 0 || wanted.Contains("all", StringComparer.OrdinalIgnoreCase)) return new PlatformModules(Catalog);

        var unknown = wanted.Where(w => Catalog.All(m => !m.Name.Equals(w, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException($"Cica:Services names unknown services: {string.Join(", ", unknown)}. Known: {string.Join(", ", Catalog.Select(m => m.Name))}.");
        return new PlatformModules([.. Catalog.Where(m => wanted.Contains(m.Name, StringComparer.OrdinalIgnoreCase))]);
    }

    /// <summary>Registers each carried service.</summary>
    public void AddTo(WebApplicationBuilder builder)
    {
        foreach (var module in Selected_) module.Add(builder);
    }

    /// <summary>Maps each carried service's endpoints.</summary>
    public void MapTo(WebApplication app)
    {
        foreach (var module in Selected_) module.Map(app);
    }

    private sealed record Module(string Name, Ports Ports, Action<WebApplicationBuilder> Add, Action<WebApplication> Map, string? Events = null);

    private sealed record Ports(int GrpcPort, int RestPort);
}

/// <summary>A service of the catalog as deployed on its own: its name (Cica:Services) and its ports (gRPC h2c, REST/JSON HTTP/1.1).</summary>
public sealed record DeployedService(string Name, int GrpcPort, int RestPort);

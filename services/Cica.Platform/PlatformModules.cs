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
    private static readonly IReadOnlyList<Module> Catalog =
    [
        new(MembershipModule.ServiceName, b => b.AddMembership(), a => a.MapMembership()),
        new(CbmCoordinationModule.ServiceName, b => b.AddCbmCoordination(), a => a.MapCbmCoordination()),
        new(ChairmanshipModule.ServiceName, b => b.AddChairmanship(), a => a.MapChairmanship()),
        new(ConceptPapersModule.ServiceName, b => b.AddConceptPapers(), a => a.MapConceptPapers()),
        new(GatewayModule.ServiceName, b => b.AddGateway(), a => a.MapGateway()),
        new(PortalModule.ServiceName, b => b.AddPortal(), a => a.MapPortal()),
    ];

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

    private sealed record Module(string Name, Action<WebApplicationBuilder> Add, Action<WebApplication> Map);
}

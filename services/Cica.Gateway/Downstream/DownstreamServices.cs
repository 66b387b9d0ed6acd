using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Membership.V1;

namespace Cica.Gateway.Downstream;

/// <summary>
/// The services the gateway reads from: the name of each in <c>Gateway:Services</c> and the full
/// name of its gRPC service. A service landing later adds a line here, a typed client in
/// <see cref="GatewayModule"/> and its sections (see Views/).
/// </summary>
public static class DownstreamServices
{
    /// <summary>Membership.</summary>
    public static readonly DownstreamService Membership = new("membership", MembershipService.Descriptor.FullName);

    /// <summary>CBM Coordination.</summary>
    public static readonly DownstreamService Cbm = new("cbm", CbmCoordinationService.Descriptor.FullName);

    /// <summary>Chairmanship.</summary>
    public static readonly DownstreamService Chairmanship = new("chairmanship", ChairmanshipService.Descriptor.FullName);

    /// <summary>Concept Papers.</summary>
    public static readonly DownstreamService ConceptPapers = new("concept-papers", ConceptPapersService.Descriptor.FullName);

    /// <summary>Every domain service (the reverse proxy forwards each one's RPCs).</summary>
    public static IReadOnlyList<DownstreamService> All { get; } = [Membership, Cbm, Chairmanship, ConceptPapers];
}

/// <summary>A downstream service: its configuration name and its gRPC service's full name.</summary>
public sealed record DownstreamService(string Name, string GrpcService);

using Cica.Contracts.Cbm.V1;
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

    /// <summary>Chairmanship (not deployed yet).</summary>
    public static readonly DownstreamService Chairmanship = new("chairmanship", "cica.chairmanship.v1.ChairmanshipService");

    /// <summary>Concept Papers (not deployed yet).</summary>
    public static readonly DownstreamService ConceptPapers = new("concept-papers", "cica.concept_papers.v1.ConceptPapersService");
}

/// <summary>A downstream service: its configuration name and its gRPC service's full name.</summary>
public sealed record DownstreamService(string Name, string GrpcService);

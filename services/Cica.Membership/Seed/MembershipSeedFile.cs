using System.Text.Json.Serialization;
using Cica.Domain.Seeding;

namespace Cica.Membership.Seed;

/// <summary>The shape of deploy/seed/membership.json.</summary>
public sealed record MembershipSeedFile(
    [property: JsonPropertyName("member_states")] IReadOnlyList<SeedMemberState> MemberStates,
    [property: JsonPropertyName("observers")] IReadOnlyList<SeedObserver> Observers,
    [property: JsonPropertyName("accession_applications")] IReadOnlyList<SeedApplication> AccessionApplications)
{
    /// <summary>Reads and parses the file.</summary>
    public static MembershipSeedFile Read(string path) => SeedFile.Read<MembershipSeedFile>(path);
}

/// <summary>A member state on the seed date.</summary>
public sealed record SeedMemberState(
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("name")] SeedText Name,
    [property: JsonPropertyName("accession_date")] string AccessionDate);

/// <summary>An observer on the seed date.</summary>
public sealed record SeedObserver(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("country_code")] string? CountryCode,
    [property: JsonPropertyName("name")] SeedText Name,
    [property: JsonPropertyName("status")] string Status);

/// <summary>An application pending on the seed date.</summary>
public sealed record SeedApplication(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("name")] SeedText Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("recommendation")] SeedDecision? Recommendation);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cica.Membership.Seed;

/// <summary>The shape of deploy/seed/membership.json.</summary>
public sealed record MembershipSeedFile(
    [property: JsonPropertyName("member_states")] IReadOnlyList<SeedMemberState> MemberStates,
    [property: JsonPropertyName("observers")] IReadOnlyList<SeedObserver> Observers,
    [property: JsonPropertyName("accession_applications")] IReadOnlyList<SeedApplication> AccessionApplications)
{
    /// <summary>Reads and parses the file.</summary>
    public static MembershipSeedFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<MembershipSeedFile>(stream)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}

/// <summary>A name in the CICA languages.</summary>
public sealed record SeedName(
    [property: JsonPropertyName("en")] string En,
    [property: JsonPropertyName("ru")] string Ru,
    [property: JsonPropertyName("kk")] string Kk);

/// <summary>A member state on the seed date.</summary>
public sealed record SeedMemberState(
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("name")] SeedName Name,
    [property: JsonPropertyName("accession_date")] string AccessionDate);

/// <summary>An observer on the seed date.</summary>
public sealed record SeedObserver(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("country_code")] string? CountryCode,
    [property: JsonPropertyName("name")] SeedName Name,
    [property: JsonPropertyName("status")] string Status);

/// <summary>An application pending on the seed date.</summary>
public sealed record SeedApplication(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("name")] SeedName Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("recommendation")] SeedDecision? Recommendation);

/// <summary>A decision as the seed cites it.</summary>
public sealed record SeedDecision(
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("meeting")] string Meeting,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("item")] int Item,
    [property: JsonPropertyName("document")] string? Document);

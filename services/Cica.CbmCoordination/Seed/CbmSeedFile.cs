using System.Text.Json.Serialization;
using Cica.Domain.Seeding;

namespace Cica.CbmCoordination.Seed;

/// <summary>The shape of deploy/seed/cbm.json: the list of coordinating countries row by row.</summary>
public sealed record CbmSeedFile(
    [property: JsonPropertyName("decisions")] IReadOnlyDictionary<string, SeedDecision> Decisions,
    [property: JsonPropertyName("dimensions")] IReadOnlyList<SeedDimension> Dimensions,
    [property: JsonPropertyName("activities")] IReadOnlyList<SeedActivity> Activities)
{
    /// <summary>Reads and parses the file.</summary>
    public static CbmSeedFile Read(string path) => SeedFile.Read<CbmSeedFile>(path);
}

/// <summary>A dimension with its priority areas, in the order of the list.</summary>
public sealed record SeedDimension(
    [property: JsonPropertyName("slug")] string Slug,
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("title")] SeedText Title,
    [property: JsonPropertyName("priority_areas")] IReadOnlyList<SeedPriorityArea> PriorityAreas);

/// <summary>A row of the list: a priority area (number 0 and no title: the dimension as a whole) and its countries.</summary>
public sealed record SeedPriorityArea(
    [property: JsonPropertyName("number")] int Number,
    [property: JsonPropertyName("title")] SeedText? Title,
    [property: JsonPropertyName("coordinators")] IReadOnlyList<SeedAssignment> Coordinators,
    [property: JsonPropertyName("co_coordinators")] IReadOnlyList<SeedAssignment> CoCoordinators);

/// <summary>A country in the coordinator or co-coordinator column, with the decision that put it there.</summary>
public sealed record SeedAssignment(
    [property: JsonPropertyName("country_code")] string CountryCode,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("term")] string? Term);

/// <summary>An activity of a priority area.</summary>
public sealed record SeedActivity(
    [property: JsonPropertyName("priority_area")] string PriorityArea,
    [property: JsonPropertyName("title")] SeedText Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reported_by")] string ReportedBy,
    [property: JsonPropertyName("documents")] IReadOnlyList<string>? Documents);

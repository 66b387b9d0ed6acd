using System.Text.Json.Serialization;
using Cica.Domain.Seeding;

namespace Cica.ConceptPapers.Seed;

/// <summary>The shape of deploy/seed/concept_papers.json: the decisions it cites and the documents.</summary>
public sealed record ConceptPapersSeedFile(
    [property: JsonPropertyName("decisions")] IReadOnlyDictionary<string, SeedDecision> Decisions,
    [property: JsonPropertyName("documents")] IReadOnlyList<SeedDocument> Documents)
{
    /// <summary>Reads and parses the file.</summary>
    public static ConceptPapersSeedFile Read(string path) => SeedFile.Read<ConceptPapersSeedFile>(path);
}

/// <summary>A policy document: its record and its (English) text.</summary>
public sealed record SeedDocument(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("document_symbol")] string? DocumentSymbol,
    [property: JsonPropertyName("priority_area")] string? PriorityArea,
    [property: JsonPropertyName("period")] string? Period,
    [property: JsonPropertyName("proposing_country")] string? ProposingCountry,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("approval")] string? Approval,
    [property: JsonPropertyName("recommendation")] string? Recommendation,
    [property: JsonPropertyName("authoritative_language")] string AuthoritativeLanguage,
    [property: JsonPropertyName("title")] SeedText Title,
    [property: JsonPropertyName("sections")] IReadOnlyList<SeedSection> Sections);

/// <summary>A section of the authoritative text.</summary>
public sealed record SeedSection(
    [property: JsonPropertyName("heading")] string Heading,
    [property: JsonPropertyName("blocks")] IReadOnlyList<SeedBlock> Blocks);

/// <summary>A block: "preambular_paragraph", "paragraph", "numbered_item", "lettered_item", "bullet" or "proposed_initiative".</summary>
public sealed record SeedBlock(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("initiative")] SeedInitiative? Initiative);

/// <summary>A proposed initiative: year (0: none given), kind ("workshop" …), the CBM activities that carry it out.</summary>
public sealed record SeedInitiative(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("activities")] IReadOnlyList<string>? Activities);

using System.Text.Json;
using System.Text.Json.Serialization;
using Cica.Contracts.Common.V1;
using Cica.Domain.Decisions;
using Cica.Domain.Errors;

namespace Cica.Domain.Seeding;

/// <summary>Reads a seed data file (JSON under deploy/seed) into its record type.</summary>
public static class SeedFile
{
    /// <summary>The parsed file; InvalidDataException naming the file when it is empty.</summary>
    public static T Read<T>(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<T>(stream) ?? throw new InvalidDataException($"{path} is empty.");
    }
}

/// <summary>A text of a seed file in the CICA languages; Russian and Kazakh may be absent.</summary>
public sealed record SeedText(
    [property: JsonPropertyName("en")] string En,
    [property: JsonPropertyName("ru")] string? Ru,
    [property: JsonPropertyName("kk")] string? Kk)
{
    /// <summary>As the contracts carry it (absent languages empty).</summary>
    public LocalizedText ToLocalizedText() => new() { En = En, Ru = Ru ?? "", Kk = Kk ?? "" };
}

/// <summary>A decision as a seed file cites it ("body": "senior_officials_committee", "date": "2022-10-11", …).</summary>
public sealed record SeedDecision(
    [property: JsonPropertyName("body")] string Body,
    [property: JsonPropertyName("meeting")] string Meeting,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("item")] int Item,
    [property: JsonPropertyName("document")] string? Document)
{
    /// <summary>
    /// The decision reference, checked by the same rules as one sent to the API; a bad one stops the
    /// start-up with InvalidDataException naming <paramref name="where"/> (file and row).
    /// </summary>
    public DecisionReference ToDecisionReference(string where)
    {
        var decision = new DecisionReference
        {
            Body = Body switch
            {
                "summit" => DecisionBody.Summit,
                "ministerial_council" => DecisionBody.MinisterialCouncil,
                "senior_officials_committee" => DecisionBody.SeniorOfficialsCommittee,
                "special_working_group" => DecisionBody.SpecialWorkingGroup,
                _ => throw new InvalidDataException($"{where}: unknown decision body '{Body}'."),
            },
            Meeting = Meeting,
            Date = CalendarDate.ParseIso(Date),
            Item = Item,
            Document = Document is null ? null : new DocumentSymbol { Value = Document },
        };
        var violations = new FieldViolations();
        DecisionReferences.Validate(violations, "decision", decision, requireFullDate: true);
        try
        {
            violations.ThrowIfAny();
        }
        catch (InvalidRequestException ex)
        {
            throw new InvalidDataException($"{where}: {ex.Message}", ex);
        }
        return decision;
    }
}

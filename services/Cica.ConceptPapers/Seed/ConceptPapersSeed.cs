using Cica.ConceptPapers.Papers;
using Cica.ConceptPapers.Search;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;

namespace Cica.ConceptPapers.Seed;

/// <summary>
/// Loads, on first start, the policy documents of SOC/DOC/1289 (deploy/seed/concept_papers.json):
/// each is recorded as submitted, and those the SOC approved are approved through
/// <see cref="Approval.ApproveAsync"/>, the path every approval takes, publishing the same events.
/// The SOC approved them before anyone could edit them here, so no coordinator is checked: the seed
/// needs no fact from CBM Coordination and does not wait for its events. A bad row stops the
/// start-up, naming it.
/// </summary>
public sealed class ConceptPapersSeed(IConfiguration configuration, TimeProvider clock, ConceptPapersDatabase database) : ISeed<ConceptPapersDatabase>
{
    /// <summary>Configuration key of the path of concept_papers.json.</summary>
    public const string SeedFileKey = "ConceptPapers:SeedFile";

    private string Path_ => configuration[SeedFileKey] ?? Path.Combine(AppContext.BaseDirectory, "seed", "concept_papers.json");

    /// <inheritdoc />
    // The full-text index is the database's own (FTS5 or SQL Server's), created outside a transaction.
    public Task BeforeLoadAsync(CancellationToken ct) => SearchIndex.EnsureAsync(database, ct);

    /// <inheritdoc />
    public async Task LoadAsync(UnitOfWork uow, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var path = Path_;
        var seed = ConceptPapersSeedFile.Read(path);
        var decisions = seed.Decisions.ToDictionary(d => d.Key, d => d.Value.ToDecisionReference($"{path}, decision {d.Key}"));
        var secretariat = Caller.Secretariat;

        foreach (var d in seed.Documents)
        {
            var row = $"document '{d.Key}'";
            var document = ToDocument(path, row, d, decisions);
            var recorded = await Rule(path, row, () => Drafting.RecordAsync(uow, document, PolicyDocumentStatus.Submitted, secretariat, now, ct));
            await uow.AddAsync(new PolicyDocumentSubmitted
            {
                PolicyDocument = recorded.Row.ToResource(recorded.Revision),
                OccurredAt = Timestamp.FromDateTimeOffset(now),
                Actor = secretariat.ToActor(),
            }, ct);
            switch (d.Status)
            {
                case "submitted":
                    break;
                case "approved":
                    var approval = Decision(path, row, "approval", d.Approval, decisions)
                        ?? throw new InvalidDataException($"{path}, {row}: an approved document needs \"approval\".");
                    await Rule(path, row, () => Approval.ApproveAsync(uow, recorded.Row.Name, approval, 0, secretariat.ToActor(), now, ct));
                    break;
                default:
                    throw new InvalidDataException($"{path}, {row}: status '{d.Status}' is not \"submitted\" or \"approved\".");
            }
        }
    }

    private static NewDocument ToDocument(string path, string row, SeedDocument d, IReadOnlyDictionary<string, DecisionReference> decisions)
    {
        var versions = new List<LanguageVersion>
        {
            new()
            {
                Language = "en",
                Title = d.Title.En,
                Body = new Body
                {
                    Sections =
                    {
                        d.Sections.Select(s => new Section
                        {
                            Heading = s.Heading,
                            Blocks = { s.Blocks.Select(b => ToBlock(path, row, b)) },
                        }),
                    },
                },
            },
        };
        // Russian and Kazakh: only the titles the cover note gives.
        if (d.Title.Ru is { Length: > 0 } ru) versions.Add(new LanguageVersion { Language = "ru", Title = ru, Body = new Body() });
        if (d.Title.Kk is { Length: > 0 } kk) versions.Add(new LanguageVersion { Language = "kk", Title = kk, Body = new Body() });
        var content = new RevisionContent { Versions = { versions }, AuthoritativeLanguage = d.AuthoritativeLanguage };

        var violations = new FieldViolations();
        DocumentContent.Validate(violations, "content", content);
        string? areaId = null;
        if (d.PriorityArea is { } area)
            areaId = ResourceNames.AreaIdOf(ResourceNames.PriorityArea(area)) ?? throw new InvalidDataException($"{path}, {row}: '{area}' is not a priority area id.");
        Period? period = null;
        if (d.Period is { } p)
        {
            var years = p.Split('-');
            if (years.Length != 2 || !int.TryParse(years[0], out var first) || !int.TryParse(years[1], out var last) || last < first)
                throw new InvalidDataException($"{path}, {row}: period '{p}' is not of the form 2022-2023.");
            period = new Period { Start = CalendarDate.OfYear(first), End = CalendarDate.OfYear(last) };
        }
        try
        {
            violations.ThrowIfAny();
        }
        catch (InvalidRequestException ex)
        {
            throw new InvalidDataException($"{path}, {row}: {ex.Message}", ex);
        }
        return new NewDocument
        {
            Kind = Parse<PolicyDocumentKind>(path, row, "kind", d.Kind),
            AreaId = areaId,
            Period = period,
            ProposingCountry = d.ProposingCountry ?? "",
            DocumentSymbol = d.DocumentSymbol,
            Content = content,
            Recommendation = Decision(path, row, "recommendation", d.Recommendation, decisions),
        };
    }

    private static Block ToBlock(string path, string row, SeedBlock b) => new()
    {
        Kind = Parse<BlockKind>(path, row, "block kind", b.Kind),
        Label = b.Label ?? "",
        Text = b.Text,
        Initiative = b.Initiative is null ? null : new ProposedInitiative
        {
            Year = b.Initiative.Year,
            Kind = Parse<InitiativeKind>(path, row, "initiative kind", b.Initiative.Kind),
            Status = InitiativeStatus.Proposed,
            Activities = { b.Initiative.Activities ?? [] },
        },
    };

    private static DecisionReference? Decision(string path, string row, string field, string? key, IReadOnlyDictionary<string, DecisionReference> decisions) =>
        key is null ? null
        : decisions.TryGetValue(key, out var decision) ? decision
        : throw new InvalidDataException($"{path}, {row}: {field} names no decision '{key}' in \"decisions\".");

    // "proposed_initiative" is BlockKind.ProposedInitiative.
    private static T Parse<T>(string path, string row, string field, string value) where T : struct, System.Enum
    {
        var name = string.Concat(value.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        return System.Enum.TryParse<T>(name, out var parsed) && System.Enum.IsDefined(parsed) && !parsed.Equals(default(T))
            ? parsed : throw new InvalidDataException($"{path}, {row}: invalid {field} '{value}'.");
    }

    // The API's rules refuse a bad row as they would refuse a bad request; at start-up that is bad data.
    private static async Task<T> Rule<T>(string path, string row, Func<Task<T>> apply)
    {
        try
        {
            return await apply();
        }
        catch (DomainException ex)
        {
            throw new InvalidDataException($"{path}, {row}: {ex.Message}", ex);
        }
    }
}

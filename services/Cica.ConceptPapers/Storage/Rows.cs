using System.Globalization;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain;
using Cica.Domain.Decisions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Cica.ConceptPapers.Storage;

/// <summary>A row of policy_documents.</summary>
public sealed record DocumentRow
{
    /// <summary>The number in policyDocuments/{n}.</summary>
    public long DocumentId { get; init; }
    /// <summary>PolicyDocumentKind.</summary>
    public int Kind { get; init; }
    /// <summary>Document symbol, or null before it is issued.</summary>
    public string? DocumentSymbol { get; init; }
    /// <summary>Priority area id ("economic-5"), or null.</summary>
    public string? AreaId { get; init; }
    /// <summary>ISO start of the period, or null.</summary>
    public string? PeriodStart { get; init; }
    /// <summary>ISO end of the period, or null.</summary>
    public string? PeriodEnd { get; init; }
    /// <summary>First day the period may denote, or null.</summary>
    public string? PeriodFirst { get; init; }
    /// <summary>Last day the period may denote, or null.</summary>
    public string? PeriodLast { get; init; }
    /// <summary>ISO alpha-3 code of the proposing country, or "".</summary>
    public string ProposingCountry { get; init; } = "";
    /// <summary>PolicyDocumentStatus.</summary>
    public int Status { get; init; }
    /// <summary>The approving decision (JSON), or null.</summary>
    public string? Approval { get; init; }
    /// <summary>The recommending decision (JSON), or null.</summary>
    public string? Recommendation { get; init; }
    /// <summary>Id of the superseding document, or null.</summary>
    public long? SupersededBy { get; init; }
    /// <summary>Number of the current revision.</summary>
    public int CurrentRevision { get; init; }
    /// <summary>Row version (the etag).</summary>
    public int Version { get; init; }
    /// <summary>English title of the current revision ("" when it has no English version).</summary>
    public string TitleEn { get; init; } = "";
    /// <summary>Russian title.</summary>
    public string TitleRu { get; init; } = "";
    /// <summary>Kazakh title.</summary>
    public string TitleKk { get; init; } = "";
    /// <summary>Languages of the current revision, ",en,ru,".</summary>
    public string Languages { get; init; } = ",";
    /// <summary>ISO instant the document was recorded.</summary>
    public string CreateTime { get; init; } = "";
    /// <summary>ISO instant of its last change.</summary>
    public string UpdateTime { get; init; } = "";

    /// <summary>The resource name.</summary>
    public string Name => ResourceNames.PolicyDocument(DocumentId);

    /// <summary>The status as the contract spells it.</summary>
    public PolicyDocumentStatus DocumentStatus => (PolicyDocumentStatus)Status;

    /// <summary>The document as the API returns it, with <paramref name="current"/> as its current revision.</summary>
    public PolicyDocument ToResource(RevisionRow current) => new()
    {
        Name = Name,
        Kind = (PolicyDocumentKind)Kind,
        DocumentSymbol = DocumentSymbol is null ? null : new DocumentSymbol { Value = DocumentSymbol },
        Title = new LocalizedText { En = TitleEn, Ru = TitleRu, Kk = TitleKk },
        PriorityArea = AreaId is null ? "" : ResourceNames.PriorityArea(AreaId),
        Period = PeriodStart is null ? null : new Period { Start = CalendarDate.ParseIso(PeriodStart), End = PeriodEnd is null ? null : CalendarDate.ParseIso(PeriodEnd) },
        ProposingCountry = ProposingCountry,
        Status = DocumentStatus,
        Approval = StoredDecisions.Parse(Approval),
        Recommendation = StoredDecisions.Parse(Recommendation),
        SupersededBy = SupersededBy is { } by ? ResourceNames.PolicyDocument(by) : "",
        CurrentRevision = current.ToResource(),
        Etag = Etags.Of(Version),
        CreateTime = Times.ToTimestamp(CreateTime),
        UpdateTime = Times.ToTimestamp(UpdateTime),
    };
}

/// <summary>A row of revisions: immutable but for its approved flag.</summary>
public sealed record RevisionRow
{
    /// <summary>The document.</summary>
    public long DocumentId { get; init; }
    /// <summary>Revision number, from 1.</summary>
    public int Number { get; init; }
    /// <summary>"en", "ru" or "kk".</summary>
    public string AuthoritativeLanguage { get; init; } = "";
    /// <summary>1 once approved.</summary>
    public int Approved { get; init; }
    /// <summary>ActorKind of the author.</summary>
    public int AuthorKind { get; init; }
    /// <summary>The author's country, or "".</summary>
    public string AuthorCountry { get; init; } = "";
    /// <summary>JSON of a Revision holding only the language versions.</summary>
    public string Content { get; init; } = "";
    /// <summary>ISO instant the revision was recorded.</summary>
    public string CreateTime { get; init; } = "";

    /// <summary>The language versions.</summary>
    public IReadOnlyList<LanguageVersion> Versions => JsonParser.Default.Parse<Revision>(Content).Versions;

    /// <summary>The stored text of language versions.</summary>
    public static string Store(IEnumerable<LanguageVersion> versions) => JsonFormatter.Default.Format(new Revision { Versions = { versions } });

    /// <summary>The revision as the API returns it.</summary>
    public Revision ToResource() => new()
    {
        Name = ResourceNames.Revision(DocumentId, Number),
        Number = Number,
        Versions = { Versions },
        AuthoritativeLanguage = AuthoritativeLanguage,
        Approved = Approved != 0,
        Author = new Actor { Kind = (ActorKind)AuthorKind, CountryCode = AuthorCountry },
        CreateTime = Times.ToTimestamp(CreateTime),
    };
}

/// <summary>A row of initiatives.</summary>
public sealed record InitiativeRow
{
    /// <summary>The document.</summary>
    public long DocumentId { get; init; }
    /// <summary>Number within the document, from 1.</summary>
    public int Number { get; init; }
    /// <summary>Title as the approved text gives it.</summary>
    public string Title { get; init; } = "";
    /// <summary>Planned year, or 0.</summary>
    public int InitiativeYear { get; init; }
    /// <summary>InitiativeKind.</summary>
    public int Kind { get; init; }
    /// <summary>InitiativeStatus.</summary>
    public int Status { get; init; }
    /// <summary>"activities/1,activities/2", or "".</summary>
    public string Activities { get; init; } = "";
    /// <summary>The document's area id, or null.</summary>
    public string? AreaId { get; init; }
    /// <summary>Row version (the etag).</summary>
    public int Version { get; init; }
    /// <summary>ISO instant of the last change.</summary>
    public string UpdateTime { get; init; } = "";

    /// <summary>The resource name.</summary>
    public string Name => ResourceNames.Initiative(DocumentId, Number);

    /// <summary>The initiative as the API returns it.</summary>
    public Initiative ToResource() => new()
    {
        Name = Name,
        Title = Title,
        Year = InitiativeYear,
        Kind = (InitiativeKind)Kind,
        Status = (InitiativeStatus)Status,
        Activities = { Activities.Split(',', StringSplitOptions.RemoveEmptyEntries) },
        PriorityArea = AreaId is null ? "" : ResourceNames.PriorityArea(AreaId),
        Etag = Etags.Of(Version),
        UpdateTime = Times.ToTimestamp(UpdateTime),
    };
}

/// <summary>Instants as stored (ISO 8601 "O").</summary>
public static class Times
{
    /// <summary>The stored text of an instant.</summary>
    public static string Store(DateTimeOffset instant) => instant.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The timestamp of a stored instant.</summary>
    public static Timestamp ToTimestamp(string stored) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(stored, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}

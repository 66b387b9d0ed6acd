using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Cica.Domain;
using Cica.Domain.Decisions;

namespace Cica.Membership.Storage;

// Rows as Dapper reads them (column aliases match the property names), and their resources. Rows
// with integer columns use settable properties, not constructor parameters: Dapper converts a
// property's value (SQLite returns Int64, SQL Server Int32) but matches constructors by exact type.

/// <summary>A row of member_states.</summary>
public sealed record MemberStateRow(string CountryCode, string NameEn, string NameRu, string NameKk,
    string AccessionDate, string? AccessionDecision, string? AccessionApplication)
{
    /// <summary>The resource.</summary>
    public MemberState ToResource() => new()
    {
        Name = ResourceNames.MemberState(CountryCode),
        CountryCode = CountryCode,
        DisplayName = new LocalizedText { En = NameEn, Ru = NameRu, Kk = NameKk },
        AccessionDate = CalendarDate.ParseIso(AccessionDate),
        AccessionDecision = StoredDecisions.Parse(AccessionDecision),
        AccessionApplication = AccessionApplication ?? "",
    };
}

/// <summary>A row of observers.</summary>
public sealed record ObserverRow
{
    public required string ObserverId { get; init; }
    public required int Kind { get; init; }
    public string? CountryCode { get; init; }
    public required string NameEn { get; init; }
    public required string NameRu { get; init; }
    public required string NameKk { get; init; }
    public required int Status { get; init; }
    public string? GrantedOn { get; init; }

    /// <summary>The resource.</summary>
    public Observer ToResource() => new()
    {
        Name = ResourceNames.Observer(ObserverId),
        Kind = (ObserverKind)Kind,
        CountryCode = CountryCode ?? "",
        DisplayName = new LocalizedText { En = NameEn, Ru = NameRu, Kk = NameKk },
        Status = (ParticipationStatus)Status,
        GrantedOn = GrantedOn is null ? null : CalendarDate.ParseIso(GrantedOn),
    };
}

/// <summary>A row of accession_applications.</summary>
public sealed record AccessionApplicationRow
{
    public required string ApplicationId { get; init; }
    public required string CountryCode { get; init; }
    public required string NameEn { get; init; }
    public required string NameRu { get; init; }
    public required string NameKk { get; init; }
    public required int State { get; init; }
    public string? SubmittedOn { get; init; }
    public string? Recommendation { get; init; }
    public string? Admission { get; init; }
    public required string CreateTime { get; init; }
    public required string UpdateTime { get; init; }
    public required int Version { get; init; }

    /// <summary>The application's stage.</summary>
    public AccessionApplicationState Stage => (AccessionApplicationState)State;

    /// <summary>The etag callers send back: the row's version.</summary>
    public string Etag => Etags.Of(Version);

    /// <summary>The resource.</summary>
    public AccessionApplication ToResource() => new()
    {
        Name = ResourceNames.AccessionApplication(ApplicationId),
        CountryCode = CountryCode,
        DisplayName = new LocalizedText { En = NameEn, Ru = NameRu, Kk = NameKk },
        State = Stage,
        SubmittedOn = SubmittedOn is null ? null : CalendarDate.ParseIso(SubmittedOn),
        Recommendation = StoredDecisions.Parse(Recommendation),
        Admission = StoredDecisions.Parse(Admission),
        CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(CreateTime, System.Globalization.CultureInfo.InvariantCulture)),
        UpdateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(UpdateTime, System.Globalization.CultureInfo.InvariantCulture)),
        Etag = Etag,
    };
}

using System.Globalization;
using System.Text.Json;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Google.Protobuf.WellKnownTypes;
using Cica.Domain;
using Cica.Domain.Decisions;

namespace Cica.CbmCoordination.Storage;

// Rows as Dapper reads them (column aliases match the property names) and their resources. Settable
// properties rather than positional records: Dapper then converts between the integer widths that
// SQLite (64-bit) and SQL Server (INT) return.

/// <summary>A row of dimensions.</summary>
public sealed record DimensionRow
{
    /// <summary>"economic".</summary>
    public required string Slug { get; init; }
    /// <summary>1 to 5.</summary>
    public int Number { get; init; }
    /// <summary>English title.</summary>
    public required string TitleEn { get; init; }
    /// <summary>Russian title, or empty.</summary>
    public string TitleRu { get; init; } = "";
    /// <summary>Kazakh title, or empty.</summary>
    public string TitleKk { get; init; } = "";

    /// <summary>The resource.</summary>
    public Dimension ToResource() => new()
    {
        Name = ResourceNames.Dimension(Slug),
        Number = Number,
        Title = new LocalizedText { En = TitleEn, Ru = TitleRu, Kk = TitleKk },
    };
}

/// <summary>A row of priority_areas.</summary>
public sealed record PriorityAreaRow
{
    /// <summary>"economic-8", or "human" for a dimension as a whole.</summary>
    public required string AreaId { get; init; }
    /// <summary>The dimension's slug.</summary>
    public required string DimensionSlug { get; init; }
    /// <summary>Number within the dimension; 0 for the dimension as a whole.</summary>
    public int Number { get; init; }
    /// <summary>Position in the list of coordinating countries.</summary>
    public int SortOrder { get; init; }
    /// <summary>English title.</summary>
    public required string TitleEn { get; init; }
    /// <summary>Russian title, or empty.</summary>
    public string TitleRu { get; init; } = "";
    /// <summary>Kazakh title, or empty.</summary>
    public string TitleKk { get; init; } = "";

    /// <summary>Resource name.</summary>
    public string Name => ResourceNames.PriorityArea(AreaId);

    /// <summary>The resource without coordinators (as announced when the area is created).</summary>
    public PriorityArea ToResource() => new()
    {
        Name = Name,
        Dimension = ResourceNames.Dimension(DimensionSlug),
        Number = Number,
        Title = new LocalizedText { En = TitleEn, Ru = TitleRu, Kk = TitleKk },
    };

    /// <summary>The resource with the coordinators in effect on <paramref name="asOf"/>, picked from <paramref name="inEffect"/>.</summary>
    public PriorityArea ToResource(DateOnly asOf, IEnumerable<AssignmentRow> inEffect)
    {
        var area = ToResource();
        area.AsOf = CalendarDate.From(asOf);
        foreach (var assignment in inEffect.Where(a => a.AreaId == AreaId).OrderBy(a => a.AssignmentId))
        {
            (assignment.Role == (int)CoordinatorRole.Coordinator ? area.Coordinators : area.CoCoordinators).Add(assignment.ToResource());
        }
        return area;
    }
}

/// <summary>A row of coordinator_assignments, with the member state's name and the area's place in the list.</summary>
public sealed record AssignmentRow
{
    /// <summary>The number in coordinatorAssignments/{n}.</summary>
    public long AssignmentId { get; init; }
    /// <summary>The priority area's id.</summary>
    public required string AreaId { get; init; }
    /// <summary>The area's position in the list (joined; 0 when not read).</summary>
    public int SortOrder { get; init; }
    /// <summary>ISO alpha-3 code.</summary>
    public required string CountryCode { get; init; }
    /// <summary>The member state's names (joined from the read model; null when not read).</summary>
    public string? NameEn { get; init; }
    /// <summary>Russian name.</summary>
    public string? NameRu { get; init; }
    /// <summary>Kazakh name.</summary>
    public string? NameKk { get; init; }
    /// <summary>A <see cref="CoordinatorRole"/>.</summary>
    public int Role { get; init; }
    /// <summary>First bound of the term ("2022"), or null without a term.</summary>
    public string? TermStart { get; init; }
    /// <summary>Last bound of the term ("2023"), or null without a term.</summary>
    public string? TermEnd { get; init; }
    /// <summary>The decision that made the assignment (JSON).</summary>
    public required string Decision { get; init; }
    /// <summary>First day, ISO full date.</summary>
    public required string EffectiveFrom { get; init; }
    /// <summary>Last day (inclusive), ISO full date, or null while open.</summary>
    public string? EffectiveUntil { get; init; }
    /// <summary>The decision that ended it early (JSON), or null.</summary>
    public string? EndedBy { get; init; }
    /// <summary>The number of the assignment this one replaced, or null.</summary>
    public long? Replaces { get; init; }
    /// <summary>When recorded (ISO 8601 instant).</summary>
    public required string CreateTime { get; init; }
    /// <summary>When last changed (ISO 8601 instant).</summary>
    public required string UpdateTime { get; init; }

    /// <summary>Resource name.</summary>
    public string Name => ResourceNames.CoordinatorAssignment(AssignmentId);

    /// <summary>First day as a date.</summary>
    public DateOnly From => DateOnly.ParseExact(EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Last day as a date, or null while open.</summary>
    public DateOnly? Until => EffectiveUntil is null ? null : DateOnly.ParseExact(EffectiveUntil, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The term, or null.</summary>
    public Period? Term => TermStart is null ? null
        : new Period { Start = CalendarDate.ParseIso(TermStart), End = TermEnd is null ? null : CalendarDate.ParseIso(TermEnd) };

    /// <summary>The resource.</summary>
    public CoordinatorAssignment ToResource() => new()
    {
        Name = Name,
        PriorityArea = ResourceNames.PriorityArea(AreaId),
        CountryCode = CountryCode,
        CountryName = NameEn is null ? IsoCountries.Find(CountryCode)?.Name ?? new LocalizedText()
            : new LocalizedText { En = NameEn, Ru = NameRu ?? "", Kk = NameKk ?? "" },
        Role = (CoordinatorRole)Role,
        Term = Term,
        Decision = StoredDecisions.Parse(Decision),
        EffectiveFrom = CalendarDate.ParseIso(EffectiveFrom),
        EffectiveUntil = EffectiveUntil is null ? null : CalendarDate.ParseIso(EffectiveUntil),
        EndedBy = StoredDecisions.Parse(EndedBy),
        Replaces = Replaces is { } replaced ? ResourceNames.CoordinatorAssignment(replaced) : "",
        CreateTime = Timestamps.Parse(CreateTime),
        UpdateTime = Timestamps.Parse(UpdateTime),
    };
}

/// <summary>A row of activities.</summary>
public sealed record ActivityRow
{
    /// <summary>The number in activities/{n}.</summary>
    public long ActivityId { get; init; }
    /// <summary>The priority area's id.</summary>
    public required string AreaId { get; init; }
    /// <summary>English title.</summary>
    public required string TitleEn { get; init; }
    /// <summary>Russian title, or empty.</summary>
    public string TitleRu { get; init; } = "";
    /// <summary>Kazakh title, or empty.</summary>
    public string TitleKk { get; init; } = "";
    /// <summary>Free-text description.</summary>
    public string Description { get; init; } = "";
    /// <summary>An <see cref="ActivityKind"/>.</summary>
    public int Kind { get; init; }
    /// <summary>ISO date of the precision known ("2023", "2023-05", "2023-05-17").</summary>
    public required string ActivityDate { get; init; }
    /// <summary>An <see cref="ActivityStatus"/>.</summary>
    public int Status { get; init; }
    /// <summary>Free-text outcome.</summary>
    public string Outcome { get; init; } = "";
    /// <summary>Document symbols, as a JSON array of strings.</summary>
    public string Documents { get; init; } = "[]";
    /// <summary>An <see cref="ActorKind"/>.</summary>
    public int ReportedByKind { get; init; }
    /// <summary>The reporting member state, or null for the Secretariat.</summary>
    public string? ReportedByCountry { get; init; }
    /// <summary>When recorded (ISO 8601 instant).</summary>
    public required string CreateTime { get; init; }
    /// <summary>When last changed (ISO 8601 instant).</summary>
    public required string UpdateTime { get; init; }
    /// <summary>Incremented by every change; the etag.</summary>
    public int Version { get; init; }

    /// <summary>Resource name.</summary>
    public string Name => ResourceNames.Activity(ActivityId);

    /// <summary>The etag callers send back.</summary>
    public string Etag => Etags.Of(Version);

    /// <summary>The date as a calendar date.</summary>
    public CalendarDate Date => CalendarDate.ParseIso(ActivityDate);

    /// <summary>The row of a newly reported activity, version 1.</summary>
    public static ActivityRow New(long id, Activity activity, Actor reportedBy, string stamp) => new ActivityRow
    {
        ActivityId = id,
        AreaId = ResourceNames.AreaIdOf(activity.PriorityArea)!,
        TitleEn = "",
        ActivityDate = "",
        ReportedByKind = (int)reportedBy.Kind,
        ReportedByCountry = reportedBy.CountryCode.Length > 0 ? reportedBy.CountryCode : null,
        CreateTime = stamp,
        UpdateTime = stamp,
        Version = 1,
    }.With(activity);

    /// <summary>The row holding the values of <paramref name="activity"/> (identity and audit fields kept from this row).</summary>
    public ActivityRow With(Activity activity) => this with
    {
        AreaId = ResourceNames.AreaIdOf(activity.PriorityArea) ?? AreaId,
        TitleEn = activity.Title?.En.Trim() ?? "",
        TitleRu = activity.Title?.Ru.Trim() ?? "",
        TitleKk = activity.Title?.Kk.Trim() ?? "",
        Description = activity.Description,
        Kind = (int)activity.Kind,
        ActivityDate = activity.Date.ToIsoString(),
        Status = (int)activity.Status,
        Outcome = activity.Outcome,
        Documents = JsonSerializer.Serialize(activity.Documents.Select(d => d.Value).ToList()),
    };

    /// <summary>The resource.</summary>
    public Activity ToResource() => new()
    {
        Name = Name,
        PriorityArea = ResourceNames.PriorityArea(AreaId),
        Title = new LocalizedText { En = TitleEn, Ru = TitleRu, Kk = TitleKk },
        Description = Description,
        Kind = (ActivityKind)Kind,
        Date = Date,
        Status = (ActivityStatus)Status,
        Outcome = Outcome,
        Documents = { (JsonSerializer.Deserialize<List<string>>(Documents) ?? []).Select(v => new DocumentSymbol { Value = v }) },
        ReportedBy = new Actor { Kind = (ActorKind)ReportedByKind, CountryCode = ReportedByCountry ?? "" },
        CreateTime = Timestamps.Parse(CreateTime),
        UpdateTime = Timestamps.Parse(UpdateTime),
        Etag = Etag,
    };
}

/// <summary>Instants as stored: ISO 8601 round-trip text.</summary>
public static class Timestamps
{
    /// <summary>The stored text of an instant.</summary>
    public static string Format(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The timestamp of stored text.</summary>
    public static Timestamp Parse(string text) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
}

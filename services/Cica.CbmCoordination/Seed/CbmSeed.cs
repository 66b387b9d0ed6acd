using Cica.CbmCoordination.Activities;
using Cica.CbmCoordination.Coordination;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Cica.ServiceKit.Writes;
using Google.Protobuf.WellKnownTypes;
using Cica.ServiceKit.MemberStates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

using Cica.Domain.Seeding;

namespace Cica.CbmCoordination.Seed;

/// <summary>
/// Loads, on first start, the list of coordinating countries as it stood on 11 October 2022
/// (deploy/seed/cbm.json) and the ICT workshops planned by the approved concept paper, through the
/// same rules as the API, publishing the same events. The rules accept only member states, and this
/// service learns them from Membership's MemberStateAdmitted alone: the load first waits until every
/// country the file names is known, whichever service started first. A bad row stops the start-up,
/// naming the row.
/// </summary>
public sealed partial class CbmSeed(IConfiguration configuration, TimeProvider clock, CbmDatabase database, ILogger<CbmSeed> logger) : ISeed<CbmDatabase>
{
    /// <summary>Configuration key of the path of cbm.json.</summary>
    public const string SeedFileKey = "CbmCoordination:SeedFile";

    private string Path_ => configuration[SeedFileKey] ?? Path.Combine(AppContext.BaseDirectory, "seed", "cbm.json");

    /// <inheritdoc />
    public async Task BeforeLoadAsync(CancellationToken ct)
    {
        var seed = CbmSeedFile.Read(Path_);
        var named = seed.Dimensions.SelectMany(d => d.PriorityAreas)
            .SelectMany(a => a.Coordinators.Concat(a.CoCoordinators)).Select(a => a.CountryCode)
            .Concat(seed.Activities.Select(a => a.ReportedBy)).ToList();
        for (var attempt = 0; ; attempt++)
        {
            var missing = await KnownMemberStates.MissingAsync(database, named, ct);
            if (missing.Count == 0) return;
            if (attempt % 50 == 0) LogWaiting(logger, missing.Count, string.Join(", ", missing));
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <inheritdoc />
    public async Task LoadAsync(UnitOfWork uow, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var path = Path_;
        var seed = CbmSeedFile.Read(path);
        var decisions = seed.Decisions.ToDictionary(d => d.Key, d => d.Value.ToDecisionReference($"{path}, decision {d.Key}"));
        var secretariat = Caller.Secretariat.ToActor();

        foreach (var d in seed.Dimensions)
        {
            var dimension = new DimensionRow { Slug = d.Slug, Number = d.Number, TitleEn = d.Title.En, TitleRu = d.Title.Ru ?? "", TitleKk = d.Title.Kk ?? "" };
            await PriorityAreaStore.InsertDimensionAsync(uow, dimension, ct);
            foreach (var a in d.PriorityAreas)
            {
                var title = a.Title ?? d.Title; // number 0: the dimension as a whole
                var area = new PriorityAreaRow
                {
                    AreaId = ResourceNames.AreaId(d.Slug, a.Number),
                    DimensionSlug = d.Slug,
                    Number = a.Number,
                    SortOrder = d.Number * 100 + a.Number,
                    TitleEn = title.En,
                    TitleRu = title.Ru ?? "",
                    TitleKk = title.Kk ?? "",
                };
                await PriorityAreaStore.InsertAreaAsync(uow, area, ct);
                await uow.AddAsync(new PriorityAreaCreated
                {
                    PriorityArea = area.ToResource(),
                    OccurredAt = Timestamp.FromDateTimeOffset(now),
                    Actor = secretariat,
                }, ct);
                // The table's columns, in its order: coordinators, then co-coordinators.
                var roles = a.Coordinators.Select(c => (c, CoordinatorRole.Coordinator))
                    .Concat(a.CoCoordinators.Select(c => (c, CoordinatorRole.CoCoordinator)));
                foreach (var (assignment, role) in roles)
                {
                    var row = $"{area.Name}, {assignment.CountryCode}";
                    Check(path, row, IsoCountries.Problem(assignment.CountryCode));
                    if (!decisions.TryGetValue(assignment.Decision, out var decision))
                        throw new InvalidDataException($"{path}, {row}: no decision '{assignment.Decision}' in \"decisions\".");
                    var term = assignment.Term is null ? null : ToTerm(path, row, assignment.Term);
                    var amendment = new Amendment(decision, decision.Date.ToDateOnly(), secretariat, now);
                    await Rule(path, row, () => CoordinatorList.AssignAsync(uow, amendment, area.AreaId, assignment.CountryCode, role, term, null, "seed", ct));
                }
            }
        }

        foreach (var a in seed.Activities)
        {
            var row = $"activity '{a.Title.En}'";
            Check(path, row, IsoCountries.Problem(a.ReportedBy));
            var activity = new Activity
            {
                PriorityArea = ResourceNames.PriorityArea(a.PriorityArea),
                Title = new LocalizedText { En = a.Title.En, Ru = a.Title.Ru ?? "", Kk = a.Title.Kk ?? "" },
                Description = a.Description ?? "",
                Kind = Parse<ActivityKind>(path, row, "kind", a.Kind),
                Date = CalendarDate.ParseIso(a.Date),
                Status = Parse<ActivityStatus>(path, row, "status", a.Status),
                Documents = { (a.Documents ?? []).Select(v => new DocumentSymbol { Value = v }) },
            };
            var violations = new FieldViolations();
            ActivityFields.Validate(violations, "", activity, ActivityFields.Writable);
            await Rule(path, row, () =>
            {
                violations.ThrowIfAny();
                return ActivityLog.ReportAsync(uow, activity, Caller.MemberState(a.ReportedBy), now, ct);
            });
        }
    }

    // "2022-2023": from the first to the last year, both whole.
    private static Period ToTerm(string path, string row, string term)
    {
        var years = term.Split('-');
        if (years.Length != 2 || !int.TryParse(years[0], out var first) || !int.TryParse(years[1], out var last))
            throw new InvalidDataException($"{path}, {row}: term '{term}' is not of the form 2022-2023.");
        var period = new Period { Start = CalendarDate.OfYear(first), End = CalendarDate.OfYear(last) };
        Check(path, row, CoordinatorTerm.Problem(period, null));
        return period;
    }

    private static T Parse<T>(string path, string row, string field, string value) where T : struct, System.Enum
    {
        // "experts_meeting" is ActivityKind.ExpertsMeeting.
        var name = string.Concat(value.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        return System.Enum.TryParse<T>(name, out var parsed) && System.Enum.IsDefined(parsed) && !parsed.Equals(default(T))
            ? parsed : throw new InvalidDataException($"{path}, {row}: invalid {field} '{value}'.");
    }

    private static void Check(string path, string row, string? problem)
    {
        if (problem is not null) throw new InvalidDataException($"{path}, {row}: {problem}.");
    }

    // The API's rules refuse a bad row as they would refuse a bad request; at start-up that is bad data.
    private static async Task Rule<T>(string path, string row, Func<Task<T>> apply)
    {
        try
        {
            await apply();
        }
        catch (DomainException ex)
        {
            throw new InvalidDataException($"{path}, {row}: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "CBM Coordination's seed waits for Membership's MemberStateAdmitted of {Count} member states it names: {Countries}")]
    private static partial void LogWaiting(ILogger logger, int count, string countries);
}

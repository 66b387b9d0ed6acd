using System.Text.Json;
using Cica.Chairmanship.Api;
using Cica.Chairmanship.Chair;
using Cica.Chairmanship.Decisions;
using Cica.Chairmanship.Meetings;
using Cica.Chairmanship.Silence;
using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.Persistence.Migrations;
using Cica.ServiceKit.MemberStates;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Cica.Chairmanship.Seed;

/// <summary>
/// Loads, on first start, the Chair's records as of 11 October 2022 (deploy/seed/chairmanship.json):
/// Kazakhstan's term 2020-2022, the SOC meeting in Astana, its ten decisions and DRAFT/8 under
/// silence. Entries are the API's own requests and go through its checks and rules, dated at the
/// file's recorded_at (so a deadline that passed since is concluded by the sweeper on start-up).
/// The chair must be a member state, which this service learns from Membership's events alone: the
/// load first waits until the states the file names are known.
/// </summary>
public sealed partial class ChairmanshipSeed(IConfiguration configuration, ChairmanshipDatabase database, ILogger<ChairmanshipSeed> logger)
    : ISeed<ChairmanshipDatabase>
{
    /// <summary>Configuration key of the path of chairmanship.json.</summary>
    public const string SeedFileKey = "Chairmanship:SeedFile";

    private string Path_ => configuration[SeedFileKey] ?? Path.Combine(AppContext.BaseDirectory, "seed", "chairmanship.json");

    /// <inheritdoc />
    public async Task BeforeLoadAsync(CancellationToken ct)
    {
        var named = Read(Path_).Terms.Select(t => t.CountryCode).ToList();
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
        var path = Path_;
        var seed = Read(path);
        var now = seed.RecordedAt;
        var secretariat = Caller.Secretariat.ToActor();

        foreach (var t in seed.Terms)
        {
            var row = $"term {t.CountryCode} {t.Start}-{t.End}";
            var period = new Period { Start = CalendarDate.ParseIso(t.Start), End = CalendarDate.ParseIso(t.End) };
            await Rule(path, row, () => ChairmanshipTerms.RecordAsync(uow, t.CountryCode, period, "", null,
                CalendarDate.ParseIso(t.ElectedOn), t.AssumedOn is null ? null : CalendarDate.ParseIso(t.AssumedOn), now, ct));
        }

        foreach (var m in seed.Meetings)
        {
            var schedule = Parse<ScheduleMeetingRequest>(path, "meeting", m.Schedule);
            var row = $"meeting {schedule.MeetingId}";
            await Rule(path, row, () =>
            {
                var violations = new FieldViolations();
                RequestChecks.Id(violations, "meeting_id", schedule.MeetingId);
                RequestChecks.Required(violations, "kind", schedule.Kind);
                RequestChecks.Period(violations, "dates", schedule.Dates);
                RequestChecks.Country(violations, "host_country", schedule.HostCountry, required: false);
                violations.ThrowIfAny();
                return MeetingCalendar.ScheduleAsync(uow, schedule.MeetingId, new Meeting
                {
                    Kind = schedule.Kind, Ordinal = schedule.Ordinal, Dates = schedule.Dates, HostCountry = schedule.HostCountry,
                    Venue = schedule.Venue, Format = schedule.Format,
                }, "", now, ct);
            });
            foreach (var change in m.StatusHistory.Select(s => Parse<ChangeMeetingStatusRequest>(path, row, s)))
                await Rule(path, $"{row}, status {change.Status}", () => MeetingCalendar.ChangeStatusAsync(uow, schedule.MeetingId, change.Status,
                    change.EffectiveOn.ToDateOnly(), change.Note, "", now, ct));
        }

        foreach (var d in seed.Decisions)
        {
            var create = Parse<CreateDecisionRequest>(path, "decision", d.Create);
            var row = $"decision {create.DecisionId}";
            await Rule(path, row, async () =>
            {
                var violations = new FieldViolations();
                ChairmanshipGrpcService.ValidateCreate(violations, create);
                violations.ThrowIfAny();
                var decision = await DecisionLifecycle.CreateAsync(uow, create.DecisionId, ChairmanshipGrpcService.DraftOf(create), now, ct);
                // Applied by their owners' own seed data: recorded as such, never sent again.
                foreach (var index in d.AppliedEffects ?? [])
                {
                    if (index < 0 || index >= decision.Effects.Count) throw new InvalidDataException($"{path}, {row}: no effect {index}.");
                    await DecisionLifecycle.RecordEffectOutcomeAsync(uow, decision.Name, index, decision.Effects[index].OwnerService,
                        applied: true, "", "applied by the owner's seed data", now, ct);
                }
                if (d.ApprovedOn is not null)
                    await DecisionLifecycle.ApproveAsync(uow, create.DecisionId, CalendarDate.ParseIso(d.ApprovedOn).ToDateOnly(), "", secretariat, now, ct);
                if (d.Silence is { } silence)
                {
                    var start = Parse<StartSilenceProcedureRequest>(path, row, silence);
                    violations = new FieldViolations();
                    SilenceDeadlines.Validate(violations, "silence.deadline", start.Deadline, "silence.time_zone", start.TimeZone);
                    violations.ThrowIfAny();
                    await SilenceProcedures.StartAsync(uow, create.DecisionId, SilenceDeadlines.Resolve(start.Deadline, start.TimeZone, "silence.deadline"),
                        secretariat, now, ct);
                }
                return decision;
            });
        }
    }

    private static SeedFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<SeedFile>(stream, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    private static T Parse<T>(string path, string row, JsonElement json) where T : IMessage<T>, new()
    {
        try
        {
            return JsonParser.Default.Parse<T>(json.GetRawText());
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException($"{path}, {row}: {ex.Message}", ex);
        }
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

    private sealed record SeedFile(DateTimeOffset RecordedAt, IReadOnlyList<SeedTerm> Terms, IReadOnlyList<SeedMeeting> Meetings, IReadOnlyList<SeedDecisionEntry> Decisions);

    private sealed record SeedTerm(string CountryCode, string Start, string End, string ElectedOn, string? AssumedOn);

    private sealed record SeedMeeting(JsonElement Schedule, IReadOnlyList<JsonElement> StatusHistory);

    private sealed record SeedDecisionEntry(JsonElement Create, string? ApprovedOn, IReadOnlyList<int>? AppliedEffects, JsonElement? Silence);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Chairmanship's seed waits for Membership's MemberStateAdmitted of {Count} member states it names: {Countries}")]
    private static partial void LogWaiting(ILogger logger, int count, string countries);
}

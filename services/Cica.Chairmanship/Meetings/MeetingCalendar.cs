using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.Chairmanship.Meetings;

/// <summary>Meetings and the history of their status: every change is appended, none overwritten.</summary>
public static class MeetingCalendar
{
    private static readonly Dictionary<MeetingStatus, MeetingStatus[]> Transitions = new()
    {
        [MeetingStatus.Planned] = [MeetingStatus.Held, MeetingStatus.Postponed, MeetingStatus.Cancelled],
        [MeetingStatus.Postponed] = [MeetingStatus.Planned, MeetingStatus.Held, MeetingStatus.Cancelled],
        [MeetingStatus.Held] = [MeetingStatus.Suspended],
        [MeetingStatus.Suspended] = [MeetingStatus.Resumed, MeetingStatus.Cancelled],
        [MeetingStatus.Resumed] = [MeetingStatus.Suspended],
        [MeetingStatus.Cancelled] = [],
    };

    /// <summary>Whether a meeting may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanChange(MeetingStatus from, MeetingStatus to) => Transitions.TryGetValue(from, out var next) && next.Contains(to);

    /// <summary>"summit-7", "ministerial-council-7": the id of a numbered meeting a decision schedules.</summary>
    public static string IdFor(MeetingKind kind, int ordinal, Period dates) => kind switch
    {
        MeetingKind.Summit => "summit",
        MeetingKind.MinisterialCouncil => "ministerial-council",
        MeetingKind.Soc => "soc",
        _ => "special-working-group",
    } + (ordinal > 0 ? $"-{ordinal}" : $"-{dates.Start.ToIsoString()}");

    /// <summary>Schedules a meeting (PLANNED); ALREADY_EXISTS MEETING_EXISTS when the id is taken.</summary>
    public static async Task<Meeting> ScheduleAsync(UnitOfWork uow, string meetingId, Meeting meeting, string scheduledBy,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await Tables.Meetings.FindAsync(uow, meetingId, ct) is not null)
            throw Refusals.Duplicate("MEETING_EXISTS", $"{Names.Meetings}{meetingId} exists already.",
                new Dictionary<string, string> { ["meeting"] = Names.Meetings + meetingId });
        meeting.Name = Names.Meetings + meetingId;
        meeting.ScheduledBy = scheduledBy;
        meeting.Status = MeetingStatus.Planned;
        meeting.StatusHistory.Clear();
        meeting.StatusHistory.Add(new MeetingStatusChange
        {
            Status = MeetingStatus.Planned,
            EffectiveOn = CalendarDate.From(DateOnly.FromDateTime(now.UtcDateTime)),
            Note = scheduledBy.Length > 0 ? $"scheduled by {scheduledBy}" : "scheduled",
            RecordedAt = Timestamp.FromDateTimeOffset(now),
        });
        await Tables.Meetings.InsertAsync(uow, meetingId, meeting, new { kind = (int)meeting.Kind }, ct);
        await uow.AddAsync(new MeetingScheduled { Meeting = meeting, OccurredAt = Timestamp.FromDateTimeOffset(now) }, ct);
        return meeting;
    }

    /// <summary>
    /// Changes the status: FAILED_PRECONDITION INVALID_STATUS_CHANGE for a change the lifecycle does
    /// not allow, STATUS_DATE_BEFORE_LAST when dated before the last change.
    /// </summary>
    public static async Task<Meeting> ChangeStatusAsync(UnitOfWork uow, string meetingId, MeetingStatus status, DateOnly effectiveOn,
        string note, string etag, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await Tables.Meetings.FindAsync(uow, meetingId, ct) ?? throw Refusals.NotFound(Names.Meetings + meetingId);
        var meeting = stored.Resource;
        if (etag.Length > 0 && etag != meeting.Etag) throw Refusals.StaleEtag(meeting.Name);
        if (!CanChange(meeting.Status, status))
            throw Refusals.RuleViolated("INVALID_STATUS_CHANGE", $"{meeting.Name} is {meeting.Status}; it cannot become {status}.",
                new Dictionary<string, string> { ["field"] = "status", ["status"] = meeting.Status.ToString() });
        var last = meeting.StatusHistory.LastOrDefault();
        if (last is not null && last.Status != MeetingStatus.Planned && effectiveOn < last.EffectiveOn.FirstDay())
            throw Refusals.RuleViolated("STATUS_DATE_BEFORE_LAST",
                $"{effectiveOn:yyyy-MM-dd} is before the last change of {meeting.Name} ({last.EffectiveOn.ToIsoString()}).",
                new Dictionary<string, string> { ["field"] = "effective_on" });
        meeting.Status = status;
        meeting.StatusHistory.Add(new MeetingStatusChange
        {
            Status = status, EffectiveOn = CalendarDate.From(effectiveOn), Note = note, RecordedAt = Timestamp.FromDateTimeOffset(now),
        });
        if (!await Tables.Meetings.UpdateAsync(uow, meetingId, meeting, stored.Version, new { }, ct)) throw Refusals.StaleEtag(meeting.Name);
        await uow.AddAsync(new MeetingStatusChanged { Meeting = meeting, OccurredAt = Timestamp.FromDateTimeOffset(now) }, ct);
        return meeting;
    }
}

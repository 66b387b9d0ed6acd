using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.ServiceKit.MemberStates;
using Cica.Domain.Errors;
using Google.Protobuf.WellKnownTypes;
using Cica.Domain;
using Cica.Domain.Decisions;

namespace Cica.CbmCoordination.Coordination;

/// <summary>
/// The list of coordinating and co-coordinating countries and how decisions amend it. Assignments
/// are never overwritten: ending one sets its last day, and a change of country is an ended
/// assignment plus a new one, so the list as it stood on any day can be read back. Each step runs
/// in the caller's transaction and writes its event to that transaction's outbox; requests reaching
/// here are well-formed, and these are the rules that depend on the stored state.
/// </summary>
public static class CoordinatorList
{
    /// <summary>Applies every change of a (validated) request in order; the first that breaks a rule fails them all.</summary>
    public static async Task<AmendCoordinatorListResponse> AmendAsync(UnitOfWork uow, Amendment amendment,
        IReadOnlyList<CoordinatorListChange> changes, CancellationToken ct)
    {
        var response = new AmendCoordinatorListResponse { EffectiveOn = CalendarDate.From(amendment.EffectiveOn) };
        for (var i = 0; i < changes.Count; i++)
        {
            var field = $"changes[{i}]";
            switch (changes[i].ChangeCase)
            {
                case CoordinatorListChange.ChangeOneofCase.Add:
                    var add = changes[i].Add;
                    var area = await PriorityAreaStore.FindAsync(uow, ResourceNames.AreaIdOf(add.PriorityArea)!, ct)
                        ?? throw Refusals.NotFound(add.PriorityArea);
                    var added = await AssignAsync(uow, amendment, area.AreaId, add.CountryCode, add.Role, add.Term, null, field + ".add", ct);
                    response.Started.Add(added.ToResource());
                    break;
                case CoordinatorListChange.ChangeOneofCase.End:
                    var ended = await EndAsync(uow, amendment, changes[i].End.Assignment, field + ".end", ct);
                    response.Ended.Add(ended.ToResource());
                    break;
                case CoordinatorListChange.ChangeOneofCase.Replace:
                    var replace = changes[i].Replace;
                    var replaced = await EndAsync(uow, amendment, replace.Assignment, field + ".replace", ct);
                    if (replaced.CountryCode == replace.CountryCode)
                        throw Refusals.RuleViolated("SAME_COUNTRY",
                            $"{replaced.Name} is already held by {replace.CountryCode}; a replacement names another member state.",
                            Metadata(field + ".replace.country_code", ("country_code", replace.CountryCode), ("assignment", replaced.Name)));
                    var successor = await AssignAsync(uow, amendment, replaced.AreaId, replace.CountryCode, (CoordinatorRole)replaced.Role,
                        replaced.Term, replaced.AssignmentId, field + ".replace", ct);
                    response.Ended.Add(replaced.ToResource());
                    response.Started.Add(successor.ToResource());
                    break;
                default:
                    throw new InvalidOperationException($"{field} has no change; requests are validated before they get here.");
            }
        }
        return response;
    }

    /// <summary>
    /// Assigns a member state a role in an area from the amendment's effective day (or its term's first
    /// day, if later). FAILED_PRECONDITION when the state is not a member on that day or already holds
    /// the other role there; ALREADY_EXISTS when it already holds this role on a day the new assignment covers.
    /// </summary>
    public static async Task<AssignmentRow> AssignAsync(UnitOfWork uow, Amendment amendment, string areaId, string countryCode,
        CoordinatorRole role, Period? term, long? replaces, string field, CancellationToken ct)
    {
        var from = CoordinatorTerm.Start(amendment.EffectiveOn, term);
        var until = CoordinatorTerm.End(term);
        var area = ResourceNames.PriorityArea(areaId);

        var member = await KnownMemberStates.FindAsync(uow, countryCode, ct);
        if (member is null)
            throw NotAMemberState(countryCode, field,
                $"{countryCode} is not a member state of CICA: only member states can coordinate or co-coordinate a priority area.");
        if (member.MemberFrom > from)
            throw NotAMemberState(countryCode, field,
                $"{countryCode} is a member state only from {member.AccessionDate}, after {from:yyyy-MM-dd}, when the assignment would start.");

        foreach (var other in await AssignmentStore.OverlappingAsync(uow, areaId, countryCode, from, until, ct))
        {
            var metadata = Metadata(field + ".country_code", ("country_code", countryCode), ("assignment", other.Name), ("priority_area", area));
            if (other.Role == (int)role)
                throw Refusals.Duplicate("DUPLICATE_ASSIGNMENT",
                    $"{countryCode} is already {RoleName(role)} of {area} {Span(other)} ({other.Name}), overlapping the new assignment from {from:yyyy-MM-dd}.",
                    metadata);
            throw Refusals.RuleViolated("CONFLICTING_ROLE",
                $"{countryCode} is {RoleName((CoordinatorRole)other.Role)} of {area} {Span(other)} ({other.Name}); it cannot also be {RoleName(role)} on the same days. End that assignment first.",
                metadata);
        }

        var stamp = Timestamps.Format(amendment.Now);
        var row = new AssignmentRow
        {
            AssignmentId = await Sequences.NextAsync(uow, Sequences.CoordinatorAssignments, ct),
            AreaId = areaId,
            CountryCode = countryCode,
            Role = (int)role,
            TermStart = term?.Start?.ToIsoString(),
            TermEnd = term?.End?.ToIsoString(),
            Decision = StoredDecisions.Format(amendment.Decision)!,
            EffectiveFrom = AssignmentStore.Iso(from)!,
            EffectiveUntil = AssignmentStore.Iso(until),
            Replaces = replaces,
            CreateTime = stamp,
            UpdateTime = stamp,
        };
        await AssignmentStore.InsertAsync(uow, row, ct);
        var stored = (await AssignmentStore.FindAsync(uow, row.AssignmentId, ct))!;
        await uow.AddAsync(new CoordinatorAssignmentStarted
        {
            Assignment = stored.ToResource(),
            OccurredAt = Timestamp.FromDateTimeOffset(amendment.Now),
            Actor = amendment.Actor,
        }, ct);
        return stored;
    }

    /// <summary>
    /// Ends an assignment on the day before the amendment takes effect. It must have started before
    /// that day, not have been ended by a decision already, and not have run out before that day
    /// (FAILED_PRECONDITION ASSIGNMENT_ENDED / ASSIGNMENT_NOT_STARTED otherwise).
    /// </summary>
    public static async Task<AssignmentRow> EndAsync(UnitOfWork uow, Amendment amendment, string assignmentName, string field, CancellationToken ct)
    {
        var row = await AssignmentStore.FindAsync(uow, ResourceNames.AssignmentIdOf(assignmentName)!.Value, ct)
            ?? throw Refusals.NotFound(assignmentName);
        var on = amendment.EffectiveOn;
        // An assignment a decision has ended keeps that end: another decision, whatever its date,
        // cannot move it (assignments are never overwritten; the history must read back as decided).
        if (row.EndedBy is not null)
        {
            var endedBy = StoredDecisions.Parse(row.EndedBy);
            throw Refusals.RuleViolated("ASSIGNMENT_ENDED",
                $"{row.Name} was already ended on {row.EffectiveUntil} by {Describe(endedBy)}; an amendment cannot end it again.",
                Metadata(field + ".assignment", ("assignment", row.Name), ("ended_by", Describe(endedBy))));
        }
        if (row.Until is { } until && until < on)
            throw Refusals.RuleViolated("ASSIGNMENT_ENDED",
                $"{row.Name} already ended on {until:yyyy-MM-dd}; an amendment effective on {on:yyyy-MM-dd} cannot end it.",
                Metadata(field + ".assignment", ("assignment", row.Name)));
        if (row.From >= on)
            throw Refusals.RuleViolated("ASSIGNMENT_NOT_STARTED",
                $"{row.Name} starts on {row.EffectiveFrom}; an amendment effective on {on:yyyy-MM-dd} would end it before its first day.",
                Metadata(field + ".assignment", ("assignment", row.Name)));

        var ended = row with
        {
            EffectiveUntil = AssignmentStore.Iso(amendment.LastDayOfEnded),
            EndedBy = StoredDecisions.Format(amendment.Decision),
            UpdateTime = Timestamps.Format(amendment.Now),
        };
        await AssignmentStore.EndAsync(uow, ended, ct);
        await uow.AddAsync(new CoordinatorAssignmentEnded
        {
            Assignment = ended.ToResource(),
            EndedOn = CalendarDate.From(amendment.LastDayOfEnded),
            Decision = amendment.Decision,
            OccurredAt = Timestamp.FromDateTimeOffset(amendment.Now),
            Actor = amendment.Actor,
        }, ct);
        return ended;
    }

    private static RuleViolationException NotAMemberState(string countryCode, string field, string message) =>
        Refusals.RuleViolated("NOT_A_MEMBER_STATE", message, Metadata(field + ".country_code", ("country_code", countryCode)));

    // ErrorInfo metadata: the request field at fault, and what a program needs to act on the error.
    private static Dictionary<string, string> Metadata(string field, params (string Key, string Value)[] entries)
    {
        var metadata = new Dictionary<string, string> { ["field"] = field };
        foreach (var (key, value) in entries) metadata[key] = value;
        return metadata;
    }

    private static string Describe(DecisionReference? decision) =>
        decision is null ? "a decision" : $"the decision of {decision.Body} on {decision.Date?.ToIsoString()} (item {decision.Item})";

    private static string RoleName(CoordinatorRole role) => role == CoordinatorRole.Coordinator ? "coordinator" : "co-coordinator";

    private static string Span(AssignmentRow row) =>
        row.EffectiveUntil is null ? $"from {row.EffectiveFrom}" : $"from {row.EffectiveFrom} to {row.EffectiveUntil}";
}

using Cica.Chairmanship.Decisions;
using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Domain.Time;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.ServiceKit.MemberStates;
using Google.Protobuf.WellKnownTypes;
using NodaTime;

namespace Cica.Chairmanship.Silence;

/// <summary>
/// The silence procedure: a draft is approved at the deadline unless a member state breaks silence
/// before it. Only member states on that day break silence, each in its own name; the chair (the
/// Secretariat) may extend the deadline before it passes; at the deadline the procedure concludes
/// exactly once (a conditional update: whoever finds it still UNDER_SILENCE concludes it).
/// </summary>
public static class SilenceProcedures
{
    /// <summary>
    /// Places a DRAFT under silence until <paramref name="deadline"/>. FAILED_PRECONDITION NOT_DRAFT
    /// when it is not a draft, DEADLINE_PASSED when the deadline is not in the future.
    /// </summary>
    public static async Task<SilenceProcedure> StartAsync(UnitOfWork uow, string decisionId, SilenceDeadline deadline, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var decision = await Tables.Decisions.FindAsync(uow, decisionId, ct) ?? throw Refusals.NotFound(Names.Decisions + decisionId);
        if (decision.Resource.State != DecisionState.Draft)
            throw Refusals.RuleViolated("NOT_DRAFT", $"{decision.Resource.Name} is {decision.Resource.State}; only a DRAFT can be placed under silence.",
                new Dictionary<string, string> { ["field"] = "decision", ["state"] = decision.Resource.State.ToString() });
        if (deadline.Instant.ToDateTimeOffset() <= now)
            throw Refusals.RuleViolated("DEADLINE_PASSED", $"The deadline {deadline.Instant} is not after now ({now:O}).",
                new Dictionary<string, string> { ["field"] = "deadline" });

        var procedureId = decisionId + "-silence";
        for (var n = 2; await Tables.SilenceProcedures.FindAsync(uow, procedureId, ct) is not null; n++) procedureId = $"{decisionId}-silence-{n}";
        var procedure = new SilenceProcedure
        {
            Name = Names.SilenceProcedures + procedureId,
            Decision = decision.Resource.Name,
            Deadline = deadline,
            State = SilenceProcedureState.UnderSilence,
            StartTime = Timestamp.FromDateTimeOffset(now),
        };
        await Tables.SilenceProcedures.InsertAsync(uow, procedureId, procedure, Columns(decisionId, procedure), ct);
        decision.Resource.State = DecisionState.UnderSilence;
        decision.Resource.SilenceProcedure = procedure.Name;
        decision.Resource.UpdateTime = Timestamp.FromDateTimeOffset(now);
        await DecisionLifecycle.SaveAsync(uow, decision, ct);
        await uow.AddAsync(new SilenceProcedureStarted { SilenceProcedure = procedure, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = actor }, ct);
        return procedure;
    }

    /// <summary>
    /// A member state breaks silence. PERMISSION_DENIED: MEMBER_STATES_ONLY for any other caller,
    /// OWN_NAME_ONLY for a state breaking it in another's name, NOT_A_MEMBER_STATE for a state that
    /// is not a member on that day (observers, non-members, a state not yet admitted);
    /// FAILED_PRECONDITION DEADLINE_PASSED at or after the deadline.
    /// </summary>
    public static async Task<SilenceProcedure> BreakAsync(UnitOfWork uow, string procedureId, string countryCode, SilenceBreakKind kind,
        string text, Caller caller, DateTimeOffset now, CancellationToken ct)
    {
        if (caller.IsSecretariat || caller.CountryCode is null)
            throw Refusals.NotPermitted("MEMBER_STATES_ONLY", $"Only a member state breaks silence; the caller is {caller}.");
        if (caller.CountryCode != countryCode)
            throw Refusals.NotPermitted("OWN_NAME_ONLY", $"{caller.CountryCode} may break silence only in its own name, not {countryCode}'s.",
                new Dictionary<string, string> { ["field"] = "country_code", ["country_code"] = countryCode });
        var stored = await Tables.SilenceProcedures.FindAsync(uow, procedureId, ct) ?? throw Refusals.NotFound(Names.SilenceProcedures + procedureId);
        var today = Instant.FromDateTimeOffset(now).InZone(AstanaTime.Zone).Date.ToDateOnly();
        var member = await KnownMemberStates.FindAsync(uow, countryCode, ct);
        if (member is null || member.MemberFrom > today)
            throw Refusals.NotPermitted("NOT_A_MEMBER_STATE", $"{countryCode} is not a member state of CICA on {today:yyyy-MM-dd}: only member states break silence.",
                new Dictionary<string, string> { ["country_code"] = countryCode });
        var procedure = stored.Resource;
        RequireOpen(procedure, now);

        var silenceBreak = new SilenceBreak { CountryCode = countryCode, Kind = kind, Text = text, BrokenAt = Timestamp.FromDateTimeOffset(now) };
        procedure.Breaks.Add(silenceBreak);
        await SaveAsync(uow, stored, ct);
        await uow.AddAsync(new SilenceBroken
        {
            SilenceProcedure = procedure.Name, Decision = procedure.Decision, SilenceBreak = silenceBreak, OccurredAt = Timestamp.FromDateTimeOffset(now),
        }, ct);
        return procedure;
    }

    /// <summary>
    /// The chair extends the deadline. FAILED_PRECONDITION DEADLINE_PASSED once it has passed,
    /// DEADLINE_NOT_LATER when the new deadline is not after the current one.
    /// </summary>
    public static async Task<SilenceProcedure> ExtendAsync(UnitOfWork uow, string procedureId, SilenceDeadline deadline,
        DateTimeOffset now, CancellationToken ct)
    {
        var stored = await Tables.SilenceProcedures.FindAsync(uow, procedureId, ct) ?? throw Refusals.NotFound(Names.SilenceProcedures + procedureId);
        var procedure = stored.Resource;
        RequireOpen(procedure, now);
        if (deadline.Instant.ToDateTimeOffset() <= procedure.Deadline.Instant.ToDateTimeOffset())
            throw Refusals.RuleViolated("DEADLINE_NOT_LATER", $"The new deadline must be after the current one ({procedure.Deadline.Instant}).",
                new Dictionary<string, string> { ["field"] = "deadline" });
        procedure.Extensions.Add(new DeadlineExtension { Previous = procedure.Deadline, ExtendedTo = deadline, ExtendedAt = Timestamp.FromDateTimeOffset(now) });
        procedure.Deadline = deadline;
        await SaveAsync(uow, stored, ct);
        await uow.AddAsync(new SilenceProcedureExtended { SilenceProcedure = procedure, OccurredAt = Timestamp.FromDateTimeOffset(now) }, ct);
        return procedure;
    }

    /// <summary>
    /// Concludes the procedure if it is due and still UNDER_SILENCE; false when there is nothing to do
    /// (not due, or concluded already — by this instance, another one, or before a restart). Unbroken:
    /// the draft is approved (recommended, or adopted when its approving body adopts it) and the
    /// recommendation of the draft it replaces is superseded; broken: the draft is not adopted.
    /// </summary>
    public static async Task<bool> ConcludeAsync(UnitOfWork uow, string procedureId, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await Tables.SilenceProcedures.FindAsync(uow, procedureId, ct);
        if (stored is null || stored.Resource.State != SilenceProcedureState.UnderSilence) return false;
        var procedure = stored.Resource;
        if (procedure.Deadline.Instant.ToDateTimeOffset() > now) return false;

        procedure.State = SilenceProcedureState.Concluded;
        procedure.Outcome = procedure.Breaks.Count == 0 ? SilenceOutcome.Approved : SilenceOutcome.NotApproved;
        procedure.ConcludedAt = Timestamp.FromDateTimeOffset(now);
        var concluded = await Tables.SilenceProcedures.UpdateAsync(uow, procedureId, procedure, stored.Version,
            new { state = (int)procedure.State }, ct, condition: $"state = {(int)SilenceProcedureState.UnderSilence}");
        if (!concluded) return false;

        var actor = Caller.Secretariat.ToActor();
        var decision = await Tables.Decisions.FindAsync(uow, Names.IdOf(procedure.Decision, Names.Decisions)!, ct);
        if (decision is not null && decision.Resource.State == DecisionState.UnderSilence)
        {
            if (procedure.Outcome == SilenceOutcome.Approved)
            {
                var approved = await DecisionLifecycle.ApprovedAsync(uow, decision, SilenceDeadlines.DayOf(procedure.Deadline), actor, now, ct);
                await DecisionLifecycle.SupersedeReplacedAsync(uow, approved, now, ct);
            }
            else
            {
                await DecisionLifecycle.NotAdoptedAsync(uow, decision, actor, now, ct);
            }
        }
        await uow.AddAsync(new SilenceProcedureConcluded { SilenceProcedure = procedure, OccurredAt = Timestamp.FromDateTimeOffset(now) }, ct);
        return true;
    }

    private static void RequireOpen(SilenceProcedure procedure, DateTimeOffset now)
    {
        if (procedure.State != SilenceProcedureState.UnderSilence || procedure.Deadline.Instant.ToDateTimeOffset() <= now)
            throw Refusals.RuleViolated("DEADLINE_PASSED",
                $"The deadline of {procedure.Name} ({procedure.Deadline.Instant}) has passed; silence can no longer be broken or extended.",
                new Dictionary<string, string> { ["deadline"] = procedure.Deadline.Instant.ToString() });
    }

    private static object Columns(string decisionId, SilenceProcedure procedure) => new
    {
        decision_id = decisionId,
        state = (int)procedure.State,
        deadline_utc = SilenceDeadlines.Sortable(procedure.Deadline.Instant.ToDateTimeOffset()),
    };

    private static async Task SaveAsync(UnitOfWork uow, Stored<SilenceProcedure> stored, CancellationToken ct)
    {
        var columns = new
        {
            state = (int)stored.Resource.State,
            deadline_utc = SilenceDeadlines.Sortable(stored.Resource.Deadline.Instant.ToDateTimeOffset()),
        };
        if (!await Tables.SilenceProcedures.UpdateAsync(uow, stored.Id, stored.Resource, stored.Version, columns, ct))
            throw Refusals.StaleEtag(stored.Resource.Name);
    }
}

using Cica.Chairmanship.Chair;
using Cica.Chairmanship.Meetings;
using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.Chairmanship.Decisions;

/// <summary>
/// A decision's lifecycle: DRAFT → APPROVED_AND_RECOMMENDED (or UNDER_SILENCE first) → ADOPTED /
/// NOT_ADOPTED, and SUPERSEDED or WITHDRAWN on the way. "replaces" and "replaced_by" are written
/// together, so the two links always agree. Adoption applies the effects this service owns in the
/// same transaction and sends the others to their owners with DecisionAdopted.
/// </summary>
public static class DecisionLifecycle
{
    /// <summary>States from which a decision can still be replaced, withdrawn or superseded.</summary>
    private static readonly DecisionState[] Open = [DecisionState.Draft, DecisionState.ApprovedAndRecommended, DecisionState.UnderSilence];

    /// <summary>
    /// Records a draft. ALREADY_EXISTS DECISION_EXISTS when the id is taken; NOT_FOUND for a missing
    /// meeting or replaced draft; FAILED_PRECONDITION DECISION_CLOSED when the replaced draft is no
    /// longer open, ALREADY_REPLACED when another draft replaces it already.
    /// </summary>
    public static async Task<Decision> CreateAsync(UnitOfWork uow, string decisionId, Decision draft, DateTimeOffset now, CancellationToken ct)
    {
        if (await Tables.Decisions.FindAsync(uow, decisionId, ct) is not null)
            throw Refusals.Duplicate("DECISION_EXISTS", $"{Names.Decisions}{decisionId} exists already.",
                new Dictionary<string, string> { ["decision"] = Names.Decisions + decisionId });
        if (draft.Meeting.Length > 0 && await Tables.Meetings.FindAsync(uow, Names.IdOf(draft.Meeting, Names.Meetings)!, ct) is null)
            throw Refusals.NotFound(draft.Meeting);

        var decision = draft.Clone();
        decision.Name = Names.Decisions + decisionId;
        decision.State = DecisionState.Draft;
        decision.ReplacedBy = "";
        decision.CreateTime = decision.UpdateTime = Timestamp.FromDateTimeOffset(now);
        foreach (var effect in decision.Effects)
        {
            effect.OwnerService = DecisionEffects.OwnerOf(effect);
            effect.Status = EffectStatus.Pending;
            effect.RefusalReason = effect.Detail = "";
        }

        if (decision.Replaces.Length > 0)
        {
            var replacedId = Names.IdOf(decision.Replaces, Names.Decisions)!;
            var replaced = await Tables.Decisions.FindAsync(uow, replacedId, ct) ?? throw Refusals.NotFound(decision.Replaces);
            if (!Open.Contains(replaced.Resource.State))
                throw Refusals.RuleViolated("DECISION_CLOSED", $"{decision.Replaces} is {replaced.Resource.State}; only an open decision can be replaced.",
                    new Dictionary<string, string> { ["field"] = "replaces", ["state"] = replaced.Resource.State.ToString() });
            if (replaced.Resource.ReplacedBy.Length > 0)
                throw Refusals.RuleViolated("ALREADY_REPLACED", $"{decision.Replaces} is already replaced by {replaced.Resource.ReplacedBy}.",
                    new Dictionary<string, string> { ["field"] = "replaces", ["replaced_by"] = replaced.Resource.ReplacedBy });
            replaced.Resource.ReplacedBy = decision.Name;
            replaced.Resource.UpdateTime = Timestamp.FromDateTimeOffset(now);
            await SaveAsync(uow, replaced, ct);
        }
        await Tables.Decisions.InsertAsync(uow, decisionId, decision, new { state = (int)decision.State }, ct);
        return decision;
    }

    /// <summary>
    /// The approving body approved a DRAFT: it is recommended to the adopting body, or adopted when
    /// the two are one body. FAILED_PRECONDITION NOT_DRAFT otherwise.
    /// </summary>
    public static async Task<Decision> ApproveAsync(UnitOfWork uow, string decisionId, DateOnly approvedOn, string etag, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var stored = await LoadAsync(uow, decisionId, etag, ct);
        if (stored.Resource.State != DecisionState.Draft)
            throw Refusals.RuleViolated("NOT_DRAFT", $"{stored.Resource.Name} is {stored.Resource.State}; only a DRAFT can be approved.",
                new Dictionary<string, string> { ["state"] = stored.Resource.State.ToString() });
        return await ApprovedAsync(uow, stored, CalendarDate.From(approvedOn), actor, now, ct);
    }

    /// <summary>The adopting body adopted an APPROVED_AND_RECOMMENDED decision (FAILED_PRECONDITION NOT_RECOMMENDED otherwise).</summary>
    public static async Task<Decision> AdoptAsync(UnitOfWork uow, string decisionId, DateOnly adoptedOn, string etag, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var stored = await LoadAsync(uow, decisionId, etag, ct);
        var decision = stored.Resource;
        if (decision.State != DecisionState.ApprovedAndRecommended)
            throw Refusals.RuleViolated("NOT_RECOMMENDED",
                $"{decision.Name} is {decision.State}; only a decision APPROVED_AND_RECOMMENDED can be adopted.",
                new Dictionary<string, string> { ["state"] = decision.State.ToString() });
        if (decision.ApprovedOn is { } approved && adoptedOn < approved.FirstDay())
            throw Refusals.RuleViolated("ADOPTION_BEFORE_APPROVAL",
                $"{decision.Name} was approved on {approved.ToIsoString()}; it cannot be adopted on {adoptedOn:yyyy-MM-dd}.",
                new Dictionary<string, string> { ["field"] = "adopted_on" });
        return await AdoptedAsync(uow, stored, CalendarDate.From(adoptedOn), actor, now, ct);
    }

    /// <summary>Withdraws a DRAFT or recommended decision (FAILED_PRECONDITION DECISION_CLOSED, or UNDER_SILENCE while its procedure runs).</summary>
    public static async Task<Decision> WithdrawAsync(UnitOfWork uow, string decisionId, string etag, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await LoadAsync(uow, decisionId, etag, ct);
        var decision = stored.Resource;
        if (decision.State == DecisionState.UnderSilence)
            throw Refusals.RuleViolated("UNDER_SILENCE", $"{decision.Name} is under {decision.SilenceProcedure} until its deadline.");
        if (!Open.Contains(decision.State))
            throw Refusals.RuleViolated("DECISION_CLOSED", $"{decision.Name} is {decision.State}; it can no longer be withdrawn.",
                new Dictionary<string, string> { ["state"] = decision.State.ToString() });
        decision.State = DecisionState.Withdrawn;
        decision.UpdateTime = Timestamp.FromDateTimeOffset(now);
        await SaveAsync(uow, stored, ct);
        return decision;
    }

    /// <summary>Approval recorded: adopted at once when the approving body adopts its own decisions, otherwise recommended.</summary>
    internal static async Task<Decision> ApprovedAsync(UnitOfWork uow, Stored<Decision> stored, CalendarDate approvedOn, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var decision = stored.Resource;
        decision.ApprovedOn = approvedOn;
        if (decision.ApprovingBody == decision.AdoptingBody) return await AdoptedAsync(uow, stored, approvedOn, actor, now, ct);
        decision.State = DecisionState.ApprovedAndRecommended;
        decision.UpdateTime = Timestamp.FromDateTimeOffset(now);
        await SaveAsync(uow, stored, ct);
        await uow.AddAsync(new DecisionRecommended { Decision = decision, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = actor }, ct);
        return decision;
    }

    /// <summary>
    /// Adoption recorded: the effects owned here are applied now (a refusal under this service's own
    /// rules is recorded on the effect, the decision stays adopted); DecisionAdopted carries the rest.
    /// </summary>
    internal static async Task<Decision> AdoptedAsync(UnitOfWork uow, Stored<Decision> stored, CalendarDate adoptedOn, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var decision = stored.Resource;
        decision.State = DecisionState.Adopted;
        decision.AdoptedOn = adoptedOn;
        decision.UpdateTime = Timestamp.FromDateTimeOffset(now);
        var reference = ReferenceOf(decision);
        foreach (var effect in decision.Effects.Where(e => e.Status == EffectStatus.Pending && e.OwnerService == DecisionEffects.Chairmanship))
        {
            try
            {
                effect.Detail = await ApplyOwnEffectAsync(uow, decision, reference, effect, now, ct);
                effect.Status = EffectStatus.Applied;
            }
            catch (DomainException refused)
            {
                effect.Status = EffectStatus.Refused;
                effect.RefusalReason = refused.Reason ?? refused.GetType().Name;
                effect.Detail = refused.Message;
            }
        }
        await SaveAsync(uow, stored, ct);
        await uow.AddAsync(new DecisionAdopted { Decision = decision, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = actor }, ct);
        return decision;
    }

    /// <summary>The decision not adopted (its silence was broken).</summary>
    internal static async Task NotAdoptedAsync(UnitOfWork uow, Stored<Decision> stored, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        stored.Resource.State = DecisionState.NotAdopted;
        stored.Resource.UpdateTime = Timestamp.FromDateTimeOffset(now);
        await SaveAsync(uow, stored, ct);
        await uow.AddAsync(new DecisionNotAdopted { Decision = stored.Resource, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = actor }, ct);
    }

    /// <summary>The recommendation of the decision <paramref name="decisionName"/> replaces is superseded, if that one is still open.</summary>
    internal static async Task SupersedeReplacedAsync(UnitOfWork uow, Decision replacing, DateTimeOffset now, CancellationToken ct)
    {
        if (replacing.Replaces.Length == 0) return;
        var replaced = await Tables.Decisions.FindAsync(uow, Names.IdOf(replacing.Replaces, Names.Decisions)!, ct);
        if (replaced is null || !Open.Contains(replaced.Resource.State)) return;
        replaced.Resource.State = DecisionState.Superseded;
        replaced.Resource.UpdateTime = Timestamp.FromDateTimeOffset(now);
        await SaveAsync(uow, replaced, ct);
        await uow.AddAsync(new DecisionSuperseded
        {
            Decision = replaced.Resource, SupersededBy = replacing.Name, OccurredAt = Timestamp.FromDateTimeOffset(now),
        }, ct);
    }

    /// <summary>
    /// Records an owner's answer on effect <paramref name="index"/>: only a PENDING effect changes
    /// (an answer repeated or late changes nothing). False when there is no such pending effect.
    /// </summary>
    public static async Task<bool> RecordEffectOutcomeAsync(UnitOfWork uow, string decisionName, int index, string ownerService,
        bool applied, string reason, string detail, DateTimeOffset now, CancellationToken ct)
    {
        var id = Names.IdOf(decisionName, Names.Decisions);
        var stored = id is null ? null : await Tables.Decisions.FindAsync(uow, id, ct);
        if (stored is null || index < 0 || index >= stored.Resource.Effects.Count) return false;
        var effect = stored.Resource.Effects[index];
        if (effect.Status != EffectStatus.Pending || effect.OwnerService != ownerService) return false;
        effect.Status = applied ? EffectStatus.Applied : EffectStatus.Refused;
        effect.RefusalReason = applied ? "" : reason;
        effect.Detail = detail;
        stored.Resource.UpdateTime = Timestamp.FromDateTimeOffset(now);
        await SaveAsync(uow, stored, ct);
        return true;
    }

    /// <summary>The decision as other services cite it.</summary>
    public static DecisionReference ReferenceOf(Decision decision) => new()
    {
        Body = decision.AdoptingBody,
        Meeting = decision.Meeting,
        Date = decision.AdoptedOn ?? decision.ApprovedOn,
        Item = decision.Item,
        Document = decision.Document,
    };

    private static async Task<string> ApplyOwnEffectAsync(UnitOfWork uow, Decision decision, DecisionReference reference, DecisionEffect effect,
        DateTimeOffset now, CancellationToken ct)
    {
        switch (effect.EffectCase)
        {
            case DecisionEffect.EffectOneofCase.Chairmanship:
                var term = await ChairmanshipTerms.RecordAsync(uow, effect.Chairmanship.CountryCode, effect.Chairmanship.Term, decision.Name,
                    reference, decision.AdoptedOn, null, now, ct);
                return $"{term.Name} recorded";
            case DecisionEffect.EffectOneofCase.ScheduleMeeting:
                var s = effect.ScheduleMeeting;
                var meeting = await MeetingCalendar.ScheduleAsync(uow, MeetingCalendar.IdFor(s.Kind, s.Ordinal, s.Dates), new Meeting
                {
                    Kind = s.Kind, Ordinal = s.Ordinal, Dates = s.Dates, HostCountry = s.HostCountry, Venue = s.Venue,
                }, decision.Name, now, ct);
                return $"{meeting.Name} scheduled";
            case DecisionEffect.EffectOneofCase.AuthoriseSignature:
                return $"{effect.AuthoriseSignature.Signatory} authorised to sign {effect.AuthoriseSignature.DocumentName}";
            default:
                throw new InvalidOperationException($"{effect.EffectCase} is not owned by this service.");
        }
    }

    private static async Task<Stored<Decision>> LoadAsync(UnitOfWork uow, string decisionId, string etag, CancellationToken ct)
    {
        var stored = await Tables.Decisions.FindAsync(uow, decisionId, ct) ?? throw Refusals.NotFound(Names.Decisions + decisionId);
        if (etag.Length > 0 && etag != stored.Resource.Etag) throw Refusals.StaleEtag(stored.Resource.Name);
        return stored;
    }

    /// <summary>Saves a decision read in this write (its version guards against a lost update).</summary>
    internal static async Task SaveAsync(UnitOfWork uow, Stored<Decision> stored, CancellationToken ct)
    {
        if (!await Tables.Decisions.UpdateAsync(uow, stored.Id, stored.Resource, stored.Version, new { state = (int)stored.Resource.State }, ct))
            throw Refusals.StaleEtag(stored.Resource.Name);
    }
}

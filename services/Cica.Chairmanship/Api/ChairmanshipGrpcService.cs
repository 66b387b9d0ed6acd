using Cica.Chairmanship.Chair;
using Cica.Chairmanship.Decisions;
using Cica.Chairmanship.Meetings;
using Cica.Chairmanship.Silence;
using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Callers;
using Cica.Domain.Decisions;
using Cica.Domain.Errors;
using Cica.Domain.Paging;
using Cica.Persistence;
using Cica.ServiceKit.Writes;
using Grpc.Core;

namespace Cica.Chairmanship.Api;

/// <summary>
/// cica.chairmanship.v1.ChairmanshipService: reads check the request's shape and read the tables;
/// each write says who may make it, what makes its request well-formed and which rule it applies,
/// and the kit's write pipeline does the rest.
/// </summary>
public sealed class ChairmanshipGrpcService(
    WritePipeline<ChairmanshipDatabase> writes,
    ChairmanshipDatabase database,
    SilenceDeadlineSweeper sweeper) : ChairmanshipService.ChairmanshipServiceBase
{
    /// <inheritdoc />
    public override async Task<GetChairResponse> GetChair(GetChairRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequestChecks.FullDate(violations, "as_of", request.AsOf);
        violations.ThrowIfAny();
        var terms = await Tables.Terms.ListAsync(database, new SqlWhere(), new { Limit = 10_000 }, context.CancellationToken);
        var term = ChairmanshipTerms.ChairOn(terms.Select(t => t.Resource), request.AsOf.ToDateOnly())
            ?? throw Refusals.NotFound($"chair on {request.AsOf.ToIsoString()}");
        return new GetChairResponse { Term = term };
    }

    /// <inheritdoc />
    public override async Task<ListChairmanshipTermsResponse> ListChairmanshipTerms(ListChairmanshipTermsRequest request, ServerCallContext context)
    {
        var page = PageRequest.Parse(request.PageSize, request.PageToken, "");
        var rows = await Tables.Terms.ListAsync(database, new SqlWhere().AndIf(page.After is not null, "term_id > @After"),
            new { page.After, page.Limit }, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.Id);
        return new ListChairmanshipTermsResponse { Terms = { items.Select(r => r.Resource) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<AssumeChairmanshipResponse> AssumeChairmanship(AssumeChairmanshipRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<AssumeChairmanshipResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records that a chair assumed its term"),
            Validate = violations => RequestChecks.FullDate(violations, "assumed_on", request.AssumedOn),
            RequestId = request.RequestId,
            Apply = async write => new AssumeChairmanshipResponse
            {
                Term = await ChairmanshipTerms.AssumeAsync(write.Uow, RequestChecks.IdOf(request.Name, Names.Terms, "name"),
                    request.AssumedOn.ToDateOnly(), request.Etag, write.Caller.ToActor(), write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override async Task<GetMeetingResponse> GetMeeting(GetMeetingRequest request, ServerCallContext context)
    {
        var id = RequestChecks.IdOf(request.Name, Names.Meetings, "name");
        var stored = await Tables.Meetings.FindAsync(database, id, context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
        return new GetMeetingResponse { Meeting = stored.Resource };
    }

    /// <inheritdoc />
    public override async Task<ListMeetingsResponse> ListMeetings(ListMeetingsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequestChecks.Defined(violations, "kind", request.Kind);
        violations.ThrowIfAny();
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{(int)request.Kind}");
        var where = new SqlWhere().AndIf(page.After is not null, "meeting_id > @After").AndIf(request.Kind != MeetingKind.Unspecified, "kind = @Kind");
        var rows = await Tables.Meetings.ListAsync(database, where, new { page.After, Kind = (int)request.Kind, page.Limit }, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.Id);
        return new ListMeetingsResponse { Meetings = { items.Select(r => r.Resource) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<ScheduleMeetingResponse> ScheduleMeeting(ScheduleMeetingRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<ScheduleMeetingResponse>
        {
            Authorize = caller => caller.RequireSecretariat("schedules meetings"),
            Validate = violations =>
            {
                RequestChecks.Id(violations, "meeting_id", request.MeetingId);
                RequestChecks.Required(violations, "kind", request.Kind);
                if (request.Ordinal < 0) violations.Add("ordinal", "must not be negative");
                RequestChecks.Period(violations, "dates", request.Dates);
                RequestChecks.Country(violations, "host_country", request.HostCountry, required: false);
                RequestChecks.Text(violations, "venue", request.Venue, 200);
                RequestChecks.Defined(violations, "format", request.Format);
            },
            RequestId = request.RequestId,
            Apply = async write => new ScheduleMeetingResponse
            {
                Meeting = await MeetingCalendar.ScheduleAsync(write.Uow, request.MeetingId, new Meeting
                {
                    Kind = request.Kind, Ordinal = request.Ordinal, Dates = request.Dates, HostCountry = request.HostCountry,
                    Venue = request.Venue, Format = request.Format,
                }, "", write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override Task<ChangeMeetingStatusResponse> ChangeMeetingStatus(ChangeMeetingStatusRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<ChangeMeetingStatusResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records the status of meetings"),
            Validate = violations =>
            {
                RequestChecks.Required(violations, "status", request.Status);
                RequestChecks.FullDate(violations, "effective_on", request.EffectiveOn);
                RequestChecks.Text(violations, "note", request.Note, 1000);
            },
            RequestId = request.RequestId,
            Apply = async write => new ChangeMeetingStatusResponse
            {
                Meeting = await MeetingCalendar.ChangeStatusAsync(write.Uow, RequestChecks.IdOf(request.Name, Names.Meetings, "name"), request.Status,
                    request.EffectiveOn.ToDateOnly(), request.Note, request.Etag, write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override async Task<GetDecisionResponse> GetDecision(GetDecisionRequest request, ServerCallContext context)
    {
        var id = RequestChecks.IdOf(request.Name, Names.Decisions, "name");
        var stored = await Tables.Decisions.FindAsync(database, id, context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
        return new GetDecisionResponse { Decision = stored.Resource };
    }

    /// <inheritdoc />
    public override async Task<ListDecisionsResponse> ListDecisions(ListDecisionsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequestChecks.Defined(violations, "state", request.State);
        violations.ThrowIfAny();
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{(int)request.State}");
        var where = new SqlWhere().AndIf(page.After is not null, "decision_id > @After").AndIf(request.State != DecisionState.Unspecified, "state = @State");
        var rows = await Tables.Decisions.ListAsync(database, where, new { page.After, State = (int)request.State, page.Limit }, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.Id);
        return new ListDecisionsResponse { Decisions = { items.Select(r => r.Resource) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<CreateDecisionResponse> CreateDecision(CreateDecisionRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<CreateDecisionResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records decisions"),
            Validate = violations => ValidateCreate(violations, request),
            RequestId = request.RequestId,
            Apply = async write => new CreateDecisionResponse
            {
                Decision = await DecisionLifecycle.CreateAsync(write.Uow, request.DecisionId, DraftOf(request), write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override Task<ApproveDecisionResponse> ApproveDecision(ApproveDecisionRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<ApproveDecisionResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records approvals"),
            Validate = violations => RequestChecks.FullDate(violations, "approved_on", request.ApprovedOn),
            RequestId = request.RequestId,
            Apply = async write => new ApproveDecisionResponse
            {
                Decision = await DecisionLifecycle.ApproveAsync(write.Uow, RequestChecks.IdOf(request.Name, Names.Decisions, "name"),
                    request.ApprovedOn.ToDateOnly(), request.Etag, write.Caller.ToActor(), write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override Task<AdoptDecisionResponse> AdoptDecision(AdoptDecisionRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<AdoptDecisionResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records adoptions"),
            Validate = violations => RequestChecks.FullDate(violations, "adopted_on", request.AdoptedOn),
            RequestId = request.RequestId,
            Apply = async write => new AdoptDecisionResponse
            {
                Decision = await DecisionLifecycle.AdoptAsync(write.Uow, RequestChecks.IdOf(request.Name, Names.Decisions, "name"),
                    request.AdoptedOn.ToDateOnly(), request.Etag, write.Caller.ToActor(), write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override Task<WithdrawDecisionResponse> WithdrawDecision(WithdrawDecisionRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<WithdrawDecisionResponse>
        {
            Authorize = caller => caller.RequireSecretariat("withdraws decisions"),
            RequestId = request.RequestId,
            Apply = async write => new WithdrawDecisionResponse
            {
                Decision = await DecisionLifecycle.WithdrawAsync(write.Uow, RequestChecks.IdOf(request.Name, Names.Decisions, "name"),
                    request.Etag, write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override async Task<StartSilenceProcedureResponse> StartSilenceProcedure(StartSilenceProcedureRequest request, ServerCallContext context)
    {
        var response = await writes.RunAsync(request, context, new Write<StartSilenceProcedureResponse>
        {
            Authorize = caller => caller.RequireSecretariat("runs silence procedures"),
            Validate = violations =>
            {
                RequestChecks.OptionalName(violations, "decision", request.Decision, Names.Decisions);
                if (request.Decision.Length == 0) violations.Add("decision", "is required");
                SilenceDeadlines.Validate(violations, "deadline", request.Deadline, "time_zone", request.TimeZone);
            },
            RequestId = request.RequestId,
            Apply = async write => new StartSilenceProcedureResponse
            {
                SilenceProcedure = await SilenceProcedures.StartAsync(write.Uow, Names.IdOf(request.Decision, Names.Decisions)!,
                    SilenceDeadlines.Resolve(request.Deadline, request.TimeZone, "deadline"), write.Caller.ToActor(), write.Now, write.CancellationToken),
            },
        });
        sweeper.Wake();
        return response;
    }

    /// <inheritdoc />
    public override async Task<GetSilenceProcedureResponse> GetSilenceProcedure(GetSilenceProcedureRequest request, ServerCallContext context)
    {
        var id = RequestChecks.IdOf(request.Name, Names.SilenceProcedures, "name");
        var stored = await Tables.SilenceProcedures.FindAsync(database, id, context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
        return new GetSilenceProcedureResponse { SilenceProcedure = stored.Resource };
    }

    /// <inheritdoc />
    public override Task<BreakSilenceResponse> BreakSilence(BreakSilenceRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<BreakSilenceResponse>
        {
            // Who may break silence depends on stored membership: the rule decides.
            Validate = violations =>
            {
                RequestChecks.OptionalName(violations, "name", request.Name, Names.SilenceProcedures);
                if (request.Name.Length == 0) violations.Add("name", "is required");
                RequestChecks.Country(violations, "country_code", request.CountryCode, required: true);
                RequestChecks.Required(violations, "kind", request.Kind);
                RequestChecks.Text(violations, "text", request.Text, 10_000, required: true);
            },
            RequestId = request.RequestId,
            Apply = async write => new BreakSilenceResponse
            {
                SilenceProcedure = await SilenceProcedures.BreakAsync(write.Uow, Names.IdOf(request.Name, Names.SilenceProcedures)!,
                    request.CountryCode, request.Kind, request.Text, write.Caller, write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override async Task<ExtendSilenceProcedureResponse> ExtendSilenceProcedure(ExtendSilenceProcedureRequest request, ServerCallContext context)
    {
        var response = await writes.RunAsync(request, context, new Write<ExtendSilenceProcedureResponse>
        {
            Authorize = caller => caller.RequireSecretariat("extends silence procedures (as the chair)"),
            Validate = violations => SilenceDeadlines.Validate(violations, "deadline", request.Deadline, "time_zone", request.TimeZone),
            RequestId = request.RequestId,
            Apply = async write => new ExtendSilenceProcedureResponse
            {
                SilenceProcedure = await SilenceProcedures.ExtendAsync(write.Uow, RequestChecks.IdOf(request.Name, Names.SilenceProcedures, "name"),
                    SilenceDeadlines.Resolve(request.Deadline, request.TimeZone, "deadline"), write.Now, write.CancellationToken),
            },
        });
        sweeper.Wake();
        return response;
    }

    internal static void ValidateCreate(FieldViolations violations, CreateDecisionRequest request)
    {
        RequestChecks.Id(violations, "decision_id", request.DecisionId);
        if (request.Document is { Value.Length: > 0 }) violations.AddIf("document.value", DocumentSymbols.Problem(request.Document.Value));
        RequestChecks.Text(violations, "title.en", request.Title?.En ?? "", 1000, required: true);
        RequestChecks.OptionalName(violations, "meeting", request.Meeting, Names.Meetings);
        if (request.Item < 0) violations.Add("item", "must not be negative");
        RequestChecks.Required(violations, "approving_body", request.ApprovingBody);
        RequestChecks.Required(violations, "adopting_body", request.AdoptingBody);
        RequestChecks.Effects(violations, "effects", request.Effects);
        RequestChecks.OptionalName(violations, "replaces", request.Replaces, Names.Decisions);
        if (request.Replaces.Length > 0 && request.Replaces == Names.Decisions + request.DecisionId) violations.Add("replaces", "must name another decision");
    }

    internal static Decision DraftOf(CreateDecisionRequest request) => new()
    {
        Document = request.Document,
        Title = request.Title,
        Text = request.Text ?? new LocalizedText(),
        Meeting = request.Meeting,
        Item = request.Item,
        ApprovingBody = request.ApprovingBody,
        AdoptingBody = request.AdoptingBody,
        Effects = { request.Effects },
        Replaces = request.Replaces,
    };
}

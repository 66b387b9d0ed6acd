using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Membership.Accession;
using Cica.Membership.Storage;
using Cica.ServiceDefaults.Callers;
using Cica.ServiceDefaults.Errors;
using Cica.ServiceDefaults.Requests;
using Grpc.Core;

namespace Cica.Membership.Api;

/// <summary>
/// cica.membership.v1.MembershipService: checks each request's shape (INVALID_ARGUMENT naming the
/// field, before anything is read or written), establishes the caller for writes, then runs the
/// accession procedure in one transaction with the request's retry record and events.
/// </summary>
public sealed class MembershipGrpcService(
    MembershipDatabase database,
    MemberStateStore memberStates,
    ObserverStore observers,
    AccessionApplicationStore applications,
    ICallerResolver callers,
    TimeProvider clock) : MembershipService.MembershipServiceBase
{
    /// <inheritdoc />
    public override async Task<GetMemberStateResponse> GetMemberState(GetMemberStateRequest request, ServerCallContext context)
    {
        var code = ResourceNames.IdOf(request.Name, ResourceNames.MemberStates);
        if (code is null || !IsoCountries.IsWellFormed(code))
            throw RpcErrors.InvalidArgument("name", $"'{request.Name}' is not a member state name such as memberStates/KAZ");
        var row = await memberStates.FindAsync(code, context.CancellationToken) ?? throw RpcErrors.NotFound(request.Name);
        return new GetMemberStateResponse { MemberState = row.ToResource() };
    }

    /// <inheritdoc />
    public override async Task<ListMemberStatesResponse> ListMemberStates(ListMemberStatesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        RequestDates.FullDate(violations, "as_of", request.AsOf);
        if (request.AccessionYear is < 0 or > 9999) violations.Add("accession_year", "must be a year between 1 and 9999, or 0 for any");
        violations.ThrowIfAny();

        var asOfText = request.AsOf?.ToIsoString();
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{asOfText}|{request.AccessionYear}");
        var rows = await memberStates.ListAsync(page.After, asOfText, request.AccessionYear, page.Limit, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.CountryCode);
        return new ListMemberStatesResponse { MemberStates = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<ListObserversResponse> ListObservers(ListObserversRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        if (!Enum.IsDefined(request.Kind)) violations.Add("kind", $"unknown kind {(int)request.Kind}");
        if (!Enum.IsDefined(request.Status)) violations.Add("status", $"unknown status {(int)request.Status}");
        violations.ThrowIfAny();

        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{(int)request.Kind}|{(int)request.Status}");
        var rows = await observers.ListAsync(page.After, (int)request.Kind, (int)request.Status, page.Limit, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.ObserverId);
        return new ListObserversResponse { Observers = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<GetAccessionApplicationResponse> GetAccessionApplication(GetAccessionApplicationRequest request, ServerCallContext context)
    {
        var id = ApplicationId(request.Name);
        var row = await applications.FindAsync(id, context.CancellationToken) ?? throw RpcErrors.NotFound(request.Name);
        return new GetAccessionApplicationResponse { AccessionApplication = row.ToResource() };
    }

    /// <inheritdoc />
    public override async Task<ListAccessionApplicationsResponse> ListAccessionApplications(ListAccessionApplicationsRequest request, ServerCallContext context)
    {
        if (!Enum.IsDefined(request.State)) throw RpcErrors.InvalidArgument("state", $"unknown state {(int)request.State}");
        var page = PageRequest.Parse(request.PageSize, request.PageToken, ((int)request.State).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = await applications.ListAsync(page.After, (int)request.State, page.Limit, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.ApplicationId);
        return new ListAccessionApplicationsResponse { AccessionApplications = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<SubmitAccessionApplicationResponse> SubmitAccessionApplication(SubmitAccessionApplicationRequest request, ServerCallContext context)
    {
        var caller = callers.RequireSecretariat(context, "records accessions");
        var violations = new FieldViolations();
        violations.AddIf("country_code", IsoCountries.Problem(request.CountryCode));
        if (request.SubmittedOn is null) violations.Add("submitted_on", "is required: the day the Secretariat received the application");
        else if (request.SubmittedOn.Problem() is { } problem) violations.Add("submitted_on", problem);
        else if (!request.SubmittedOn.IsFullDate) violations.Add("submitted_on", "must be a full date (year, month and day)");
        if (request.DisplayName is { } name && (name.En.Length > 200 || name.Ru.Length > 200 || name.Kk.Length > 200))
            violations.Add("display_name", "each language must be at most 200 characters");
        violations.AddIf("request_id", RetriedRequests.Problem(request.RequestId));
        violations.ThrowIfAny();

        var displayName = IsoCountries.NameOrIso(request.CountryCode, request.DisplayName);
        var ct = context.CancellationToken;
        return await database.WriteAsync(uow => RetriedRequests.RunOnceAsync(uow, nameof(SubmitAccessionApplication), request.RequestId, request,
            async () => new SubmitAccessionApplicationResponse
            {
                AccessionApplication = await AccessionProcedure.SubmitAsync(uow, request.CountryCode, request.SubmittedOn!, displayName, caller, clock.GetUtcNow(), ct),
            }, ct), ct);
    }

    /// <inheritdoc />
    public override async Task<RecommendAccessionResponse> RecommendAccession(RecommendAccessionRequest request, ServerCallContext context)
    {
        var caller = callers.RequireSecretariat(context, "records accessions");
        var id = ApplicationId(request.Name);
        var violations = new FieldViolations();
        DecisionReferences.Validate(violations, "decision", request.Decision, DecisionBody.SeniorOfficialsCommittee);
        violations.AddIf("request_id", RetriedRequests.Problem(request.RequestId));
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        return await database.WriteAsync(uow => RetriedRequests.RunOnceAsync(uow, nameof(RecommendAccession), request.RequestId, request,
            async () => new RecommendAccessionResponse
            {
                AccessionApplication = await AccessionProcedure.RecommendAsync(uow, id, request.Decision, request.Etag, caller, clock.GetUtcNow(), ct),
            }, ct), ct);
    }

    /// <inheritdoc />
    public override async Task<AdmitMemberStateResponse> AdmitMemberState(AdmitMemberStateRequest request, ServerCallContext context)
    {
        var caller = callers.RequireSecretariat(context, "records accessions");
        var id = ApplicationId(request.Name);
        var violations = new FieldViolations();
        DecisionReferences.Validate(violations, "decision", request.Decision, DecisionBody.Summit, requireFullDate: true);
        violations.AddIf("request_id", RetriedRequests.Problem(request.RequestId));
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        return await database.WriteAsync(uow => RetriedRequests.RunOnceAsync(uow, nameof(AdmitMemberState), request.RequestId, request,
            () => AccessionProcedure.AdmitAsync(uow, id, request.Decision, request.Etag, caller, clock.GetUtcNow(), ct), ct), ct);
    }

    private static string ApplicationId(string name) =>
        ResourceNames.IdOf(name, ResourceNames.AccessionApplications)
        ?? throw RpcErrors.InvalidArgument("name", $"'{name}' is not an application name such as accessionApplications/KWT-2022");

}

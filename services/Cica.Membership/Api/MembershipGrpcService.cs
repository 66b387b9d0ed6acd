using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Membership.Accession;
using Cica.Membership.Storage;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Cica.ServiceKit.Writes;
using Cica.Persistence.Reading;
using Grpc.Core;

namespace Cica.Membership.Api;

/// <summary>
/// cica.membership.v1.MembershipService: reads check the request's shape and ask the stores; each
/// write says who may make it, what makes its request well-formed and which step of the accession
/// procedure it is, and the kit's write pipeline does the rest (one transaction with the retry
/// record and events; refusals become statuses at the edge).
/// </summary>
public sealed class MembershipGrpcService(
    WritePipeline<MembershipDatabase> writes,
    ReadCache<MembershipDatabase> cache,
    MemberStateStore memberStates,
    ObserverStore observers,
    AccessionApplicationStore applications) : MembershipService.MembershipServiceBase
{
    /// <inheritdoc />
    public override async Task<GetMemberStateResponse> GetMemberState(GetMemberStateRequest request, ServerCallContext context)
    {
        var code = ResourceNames.IdOf(request.Name, ResourceNames.MemberStates);
        if (code is null || !IsoCountries.IsWellFormed(code))
            throw Refusals.InvalidField("name", $"'{request.Name}' is not a member state name such as memberStates/KAZ");
        return await cache.GetOrReadAsync(request.Name, async ct =>
            await memberStates.FindAsync(code, ct) is { } row ? new GetMemberStateResponse { MemberState = row.ToResource() } : null,
            context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
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
        var row = await applications.FindAsync(id, context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
        return new GetAccessionApplicationResponse { AccessionApplication = row.ToResource() };
    }

    /// <inheritdoc />
    public override async Task<ListAccessionApplicationsResponse> ListAccessionApplications(ListAccessionApplicationsRequest request, ServerCallContext context)
    {
        if (!Enum.IsDefined(request.State)) throw Refusals.InvalidField("state", $"unknown state {(int)request.State}");
        var page = PageRequest.Parse(request.PageSize, request.PageToken, ((int)request.State).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = await applications.ListAsync(page.After, (int)request.State, page.Limit, context.CancellationToken);
        var (items, next) = page.Page(rows, r => r.ApplicationId);
        return new ListAccessionApplicationsResponse { AccessionApplications = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<SubmitAccessionApplicationResponse> SubmitAccessionApplication(SubmitAccessionApplicationRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<SubmitAccessionApplicationResponse>
        {
            Authorize = caller => caller.RequireSecretariat(RecordsAccessions),
            Validate = violations =>
            {
                violations.AddIf("country_code", IsoCountries.Problem(request.CountryCode));
                if (request.SubmittedOn is null) violations.Add("submitted_on", "is required: the day the Secretariat received the application");
                else if (request.SubmittedOn.Problem() is { } problem) violations.Add("submitted_on", problem);
                else if (!request.SubmittedOn.IsFullDate) violations.Add("submitted_on", "must be a full date (year, month and day)");
                if (request.DisplayName is { } name && (name.En.Length > 200 || name.Ru.Length > 200 || name.Kk.Length > 200))
                    violations.Add("display_name", "each language must be at most 200 characters");
            },
            RequestId = request.RequestId,
            Apply = async write => new SubmitAccessionApplicationResponse
            {
                AccessionApplication = await AccessionProcedure.SubmitAsync(write.Uow, request.CountryCode, request.SubmittedOn!,
                    IsoCountries.NameOrIso(request.CountryCode, request.DisplayName), write.Caller, write.Now, write.CancellationToken),
            },
        });

    /// <inheritdoc />
    public override Task<RecommendAccessionResponse> RecommendAccession(RecommendAccessionRequest request, ServerCallContext context)
    {
        var id = "";
        return writes.RunAsync(request, context, new Write<RecommendAccessionResponse>
        {
            Authorize = caller => caller.RequireSecretariat(RecordsAccessions),
            Validate = violations =>
            {
                id = ApplicationId(request.Name);
                DecisionReferences.Validate(violations, "decision", request.Decision, DecisionBody.SeniorOfficialsCommittee);
            },
            RequestId = request.RequestId,
            Apply = async write => new RecommendAccessionResponse
            {
                AccessionApplication = await AccessionProcedure.RecommendAsync(write.Uow, id, request.Decision, request.Etag, write.Caller, write.Now, write.CancellationToken),
            },
        });
    }

    /// <inheritdoc />
    public override Task<AdmitMemberStateResponse> AdmitMemberState(AdmitMemberStateRequest request, ServerCallContext context)
    {
        var id = "";
        return writes.RunAsync(request, context, new Write<AdmitMemberStateResponse>
        {
            Authorize = caller => caller.RequireSecretariat(RecordsAccessions),
            Validate = violations =>
            {
                id = ApplicationId(request.Name);
                DecisionReferences.Validate(violations, "decision", request.Decision, DecisionBody.Summit, requireFullDate: true);
            },
            RequestId = request.RequestId,
            Apply = write => AccessionProcedure.AdmitAsync(write.Uow, id, request.Decision, request.Etag, write.Caller, write.Now, write.CancellationToken),
        });
    }

    private const string RecordsAccessions = "records accessions";

    private static string ApplicationId(string name) =>
        ResourceNames.IdOf(name, ResourceNames.AccessionApplications)
        ?? throw Refusals.InvalidField("name", $"'{name}' is not an application name such as accessionApplications/KWT-2022");

}

using System.Globalization;
using Cica.ConceptPapers.Papers;
using Cica.ConceptPapers.Search;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Countries;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Callers;
using Cica.Domain.Decisions;
using Cica.Domain.Errors;
using Cica.Domain.Paging;
using Cica.Domain.Time;
using Cica.ServiceKit.Writes;
using Grpc.Core;

namespace Cica.ConceptPapers.Api;

/// <summary>
/// cica.concept_papers.v1.ConceptPapersService. Each method checks the request's shape first
/// (INVALID_ARGUMENT naming every offending field, before anything is read or written); writes go
/// through the kit's write pipeline, the rules (Papers/) in one transaction with their events.
/// </summary>
public sealed class ConceptPapersGrpcService(
    WritePipeline<ConceptPapersDatabase> writes,
    ConceptPapersDatabase database,
    DocumentStore documents,
    InitiativeStore initiatives,
    TimeProvider clock) : ConceptPapersService.ConceptPapersServiceBase
{
    private DateOnly Today => AstanaTime.Today(clock);

    /// <inheritdoc />
    public override async Task<GetPolicyDocumentResponse> GetPolicyDocument(GetPolicyDocumentRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var id = RequestChecks.DocumentId(violations, "name", request.Name);
        violations.ThrowIfAny();
        return new GetPolicyDocumentResponse { PolicyDocument = await ReadAsync(id, context.CancellationToken) };
    }

    /// <inheritdoc />
    public override async Task<ListPolicyDocumentsResponse> ListPolicyDocuments(ListPolicyDocumentsRequest request, ServerCallContext context)
    {
        var filter = DocumentListFilters.Read(request);
        var ct = context.CancellationToken;
        var page = PageRequest.Parse(request.PageSize, request.PageToken, DocumentListFilters.Fingerprint(filter));
        var after = page.After is null ? 0 : long.TryParse(page.After, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a
            : throw Refusals.InvalidField("page_token", "is not a token returned by this method");
        var rows = await documents.ListAsync(filter, after, page.Limit, ct);
        var (items, next) = page.Page(rows, r => r.DocumentId.ToString(CultureInfo.InvariantCulture));
        var revisions = await documents.CurrentRevisionsAsync(items, ct);
        return new ListPolicyDocumentsResponse { PolicyDocuments = { items.Select(r => r.ToResource(revisions[r.DocumentId])) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override async Task<GetRevisionResponse> GetRevision(GetRevisionRequest request, ServerCallContext context)
    {
        var key = ResourceNames.RevisionOf(request.Name)
            ?? throw Refusals.InvalidField("name", request.Name.Length == 0 ? "is required, e.g. policyDocuments/3/revisions/1"
                : $"'{request.Name}' is not a revision name such as policyDocuments/3/revisions/1");
        var revision = await documents.FindRevisionAsync(key.DocumentId, key.Number, context.CancellationToken) ?? throw Refusals.NotFound(request.Name);
        return new GetRevisionResponse { Revision = revision.ToResource() };
    }

    /// <inheritdoc />
    public override async Task<SearchPolicyDocumentsResponse> SearchPolicyDocuments(SearchPolicyDocumentsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        SearchQuery? query = null;
        if (request.Query.Length > SearchQuery.MaxLength) violations.Add("query", $"must be at most {SearchQuery.MaxLength} characters");
        else if ((query = SearchQuery.Parse(request.Query)) is null) violations.Add("query", "is required: at least one word to search for");
        var language = RequestChecks.Language(violations, "language", request.Language);
        if (request.PageSize < 0) violations.Add("page_size", "must not be negative");
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        var limit = request.PageSize == 0 ? 20 : Math.Min(request.PageSize, 50);
        var hits = await SearchIndex.SearchAsync(database, query!, language, limit, ct);
        var response = new SearchPolicyDocumentsResponse();
        foreach (var hit in hits)
        {
            var row = await documents.FindAsync(hit.DocumentId, ct);
            if (row is null) continue;
            var title = hit.Language switch { "ru" => row.TitleRu, "kk" => row.TitleKk, _ => row.TitleEn };
            response.Results.Add(new SearchResult
            {
                PolicyDocument = row.Name, Title = title, Language = hit.Language, SectionHeading = hit.SectionHeading, Passage = hit.Passage, Score = hit.Score,
            });
        }
        return response;
    }

    /// <inheritdoc />
    public override Task<CreatePolicyDocumentResponse> CreatePolicyDocument(CreatePolicyDocumentRequest request, ServerCallContext context)
    {
        string? areaId = null;
        return writes.RunAsync(request, context, new Write<CreatePolicyDocumentResponse>
        {
            Validate = violations =>
            {
                if (request.Kind == PolicyDocumentKind.Unspecified || !Enum.IsDefined(request.Kind)) violations.Add("kind", "is required");
                areaId = RequestChecks.AreaId(violations, "priority_area", request.PriorityArea);
                RequestChecks.Period(violations, "period", request.Period);
                if (request.ProposingCountry.Length > 0) violations.AddIf("proposing_country", IsoCountries.Problem(request.ProposingCountry));
                if (request.DocumentSymbol is { Value.Length: > 0 } symbol) violations.AddIf("document_symbol.value", DocumentSymbols.Problem(symbol.Value));
                DocumentContent.Validate(violations, "content", request.Content);
            },
            RequestId = request.RequestId,
            Apply = async write => new CreatePolicyDocumentResponse
            {
                PolicyDocument = await Drafting.CreateAsync(write.Uow, new NewDocument
                {
                    Kind = request.Kind,
                    AreaId = areaId,
                    Period = request.Period,
                    ProposingCountry = request.ProposingCountry,
                    DocumentSymbol = request.DocumentSymbol is { Value.Length: > 0 } s ? s.Value : null,
                    Content = request.Content,
                }, write.Caller, Today, write.Now, write.CancellationToken),
            },
        });
    }

    /// <inheritdoc />
    public override Task<UpdatePolicyDocumentResponse> UpdatePolicyDocument(UpdatePolicyDocumentRequest request, ServerCallContext context)
    {
        long id = 0;
        return writes.RunAsync(request, context, new Write<UpdatePolicyDocumentResponse>
        {
            Validate = violations =>
            {
                id = RequestChecks.DocumentId(violations, "name", request.Name);
                RequestChecks.Etag(violations, "etag", request.Etag);
                DocumentContent.Validate(violations, "content", request.Content);
            },
            Apply = async write => new UpdatePolicyDocumentResponse
            {
                PolicyDocument = await Drafting.ReviseAsync(write.Uow, id, request.Etag, request.Content, write.Caller, Today, write.Now, write.CancellationToken),
            },
        });
    }

    /// <inheritdoc />
    public override Task<SubmitPolicyDocumentResponse> SubmitPolicyDocument(SubmitPolicyDocumentRequest request, ServerCallContext context)
    {
        long id = 0;
        return writes.RunAsync(request, context, new Write<SubmitPolicyDocumentResponse>
        {
            Validate = violations =>
            {
                id = RequestChecks.DocumentId(violations, "name", request.Name);
                RequestChecks.Etag(violations, "etag", request.Etag);
            },
            Apply = async write => new SubmitPolicyDocumentResponse
            {
                PolicyDocument = await Drafting.SubmitAsync(write.Uow, id, request.Etag, write.Caller, Today, write.Now, write.CancellationToken),
            },
        });
    }

    /// <inheritdoc />
    public override Task<WithdrawPolicyDocumentResponse> WithdrawPolicyDocument(WithdrawPolicyDocumentRequest request, ServerCallContext context)
    {
        long id = 0;
        return writes.RunAsync(request, context, new Write<WithdrawPolicyDocumentResponse>
        {
            Validate = violations =>
            {
                id = RequestChecks.DocumentId(violations, "name", request.Name);
                RequestChecks.Etag(violations, "etag", request.Etag);
            },
            Apply = async write => new WithdrawPolicyDocumentResponse
            {
                PolicyDocument = await Drafting.WithdrawAsync(write.Uow, id, request.Etag, write.Caller, Today, write.Now, write.CancellationToken),
            },
        });
    }

    /// <inheritdoc />
    public override Task<ApprovePolicyDocumentResponse> ApprovePolicyDocument(ApprovePolicyDocumentRequest request, ServerCallContext context) =>
        writes.RunAsync(request, context, new Write<ApprovePolicyDocumentResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records the decisions that approve policy documents"),
            Validate = violations =>
            {
                RequestChecks.DocumentId(violations, "name", request.Name);
                DecisionReferences.Validate(violations, "decision", request.Decision, requireFullDate: true);
                if (request.Revision < 0) violations.Add("revision", "must not be negative");
            },
            Apply = async write =>
            {
                var outcome = await Approval.ApproveAsync(write.Uow, request.Name, request.Decision, request.Revision, write.Caller.ToActor(), write.Now, write.CancellationToken);
                return new ApprovePolicyDocumentResponse { PolicyDocument = outcome.Document, Initiatives = { outcome.Initiatives } };
            },
        });

    /// <inheritdoc />
    public override Task<SupersedePolicyDocumentResponse> SupersedePolicyDocument(SupersedePolicyDocumentRequest request, ServerCallContext context)
    {
        long id = 0, by = 0;
        return writes.RunAsync(request, context, new Write<SupersedePolicyDocumentResponse>
        {
            Authorize = caller => caller.RequireSecretariat("records that a document is superseded"),
            Validate = violations =>
            {
                id = RequestChecks.DocumentId(violations, "name", request.Name);
                by = RequestChecks.DocumentId(violations, "superseded_by", request.SupersededBy);
                RequestChecks.Etag(violations, "etag", request.Etag);
            },
            Apply = async write => new SupersedePolicyDocumentResponse
            {
                PolicyDocument = await Supersession.SupersedeAsync(write.Uow, id, by, request.Etag, write.Caller, write.Now, write.CancellationToken),
            },
        });
    }

    /// <inheritdoc />
    public override async Task<DiffRevisionsResponse> DiffRevisions(DiffRevisionsRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var id = RequestChecks.DocumentId(violations, "name", request.Name);
        if (request.FromRevision <= 0) violations.Add("from_revision", "is required: a revision number from 1");
        if (request.ToRevision <= 0) violations.Add("to_revision", "is required: a revision number from 1");
        var language = RequestChecks.Language(violations, "language", request.Language);
        var fromId = RequestChecks.DocumentId(violations, "from_document", request.FromDocument, required: false);
        violations.ThrowIfAny();
        if (fromId == 0) fromId = id;

        var ct = context.CancellationToken;
        var from = await documents.FindRevisionAsync(fromId, request.FromRevision, ct) ?? throw Refusals.NotFound(ResourceNames.Revision(fromId, request.FromRevision));
        var to = await documents.FindRevisionAsync(id, request.ToRevision, ct) ?? throw Refusals.NotFound(ResourceNames.Revision(id, request.ToRevision));
        language ??= to.AuthoritativeLanguage;
        return RevisionDiff.Compare(language, from.Versions.FirstOrDefault(v => v.Language == language), to.Versions.FirstOrDefault(v => v.Language == language));
    }

    /// <inheritdoc />
    public override async Task<ListInitiativesResponse> ListInitiatives(ListInitiativesRequest request, ServerCallContext context)
    {
        var violations = new FieldViolations();
        var documentId = RequestChecks.DocumentId(violations, "policy_document", request.PolicyDocument, required: false);
        var areaId = RequestChecks.AreaId(violations, "priority_area", request.PriorityArea);
        if (!Enum.IsDefined(request.Status)) violations.Add("status", $"unknown status {(int)request.Status}");
        violations.ThrowIfAny();

        var filter = new InitiativeStore.Filter(documentId == 0 ? null : documentId, areaId, (int)request.Status);
        var page = PageRequest.Parse(request.PageSize, request.PageToken, $"{filter.DocumentId}|{areaId}|{filter.Status}");
        var (afterDocument, afterNumber) = page.After is null ? (0L, 0) : SplitKey(page.After);
        var rows = await initiatives.ListAsync(filter, afterDocument, afterNumber, page.Limit, context.CancellationToken);
        var (items, next) = page.Page(rows, r => FormattableString.Invariant($"{r.DocumentId}|{r.Number}"));
        return new ListInitiativesResponse { Initiatives = { items.Select(r => r.ToResource()) }, NextPageToken = next };
    }

    /// <inheritdoc />
    public override Task<UpdateInitiativeStatusResponse> UpdateInitiativeStatus(UpdateInitiativeStatusRequest request, ServerCallContext context)
    {
        (long DocumentId, int Number) key = default;
        return writes.RunAsync(request, context, new Write<UpdateInitiativeStatusResponse>
        {
            Validate = violations =>
            {
                if (ResourceNames.InitiativeOf(request.Name) is { } k) key = k;
                else violations.Add("name", request.Name.Length == 0 ? "is required, e.g. policyDocuments/3/initiatives/1"
                    : $"'{request.Name}' is not an initiative name such as policyDocuments/3/initiatives/1");
                if (request.Status == InitiativeStatus.Unspecified || !Enum.IsDefined(request.Status)) violations.Add("status", "is required");
                RequestChecks.Etag(violations, "etag", request.Etag);
            },
            Apply = async write => new UpdateInitiativeStatusResponse
            {
                Initiative = await InitiativeProgress.UpdateStatusAsync(write.Uow, key.DocumentId, key.Number, request.Status, request.Etag,
                    write.Caller, Today, write.Now, write.CancellationToken),
            },
        });
    }

    private async Task<PolicyDocument> ReadAsync(long id, CancellationToken ct)
    {
        var row = await documents.FindAsync(id, ct) ?? throw Refusals.NotFound(ResourceNames.PolicyDocument(id));
        var revision = await documents.FindRevisionAsync(id, row.CurrentRevision, ct)
            ?? throw new InvalidOperationException($"{row.Name} has no revision {row.CurrentRevision}.");
        return row.ToResource(revision);
    }

    private static (long, int) SplitKey(string after)
    {
        var parts = after.Split('|');
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? (d, n) : throw Refusals.InvalidField("page_token", "is not a token returned by this method");
    }
}

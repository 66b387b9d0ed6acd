using Cica.ConceptPapers.Search;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain;
using Cica.Domain.Callers;
using Cica.Domain.Decisions;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.ConceptPapers.Papers;

/// <summary>What a new document is, its shape already checked (see the API's validation).</summary>
public sealed record NewDocument
{
    /// <summary>Its kind.</summary>
    public required PolicyDocumentKind Kind { get; init; }
    /// <summary>Area id ("economic-5"), or null.</summary>
    public string? AreaId { get; init; }
    /// <summary>Its period, or null.</summary>
    public Period? Period { get; init; }
    /// <summary>Proposing country, or "" (a member state caller: itself).</summary>
    public string ProposingCountry { get; init; } = "";
    /// <summary>Document symbol, or null.</summary>
    public string? DocumentSymbol { get; init; }
    /// <summary>The first revision's text.</summary>
    public required RevisionContent Content { get; init; }
    /// <summary>A recommending decision (e.g. the SOC recommending a plan to the Summit), or null.</summary>
    public DecisionReference? Recommendation { get; init; }
}

/// <summary>
/// The life of a document before approval: a draft, edited revision by revision, submitted or
/// withdrawn. Every edit is a new immutable revision; an approved revision never changes.
/// </summary>
public static class Drafting
{
    /// <summary>Creates a draft with its first revision (permission: <see cref="Authorship"/>).</summary>
    public static async Task<PolicyDocument> CreateAsync(UnitOfWork uow, NewDocument document, Caller caller, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        if (document.AreaId is not null) await Authorship.RequireKnownAreaAsync(uow, document.AreaId, ct);
        await Authorship.RequireAuthorAsync(uow, caller, document.AreaId, today, "create", ct);
        var proposer = document.ProposingCountry;
        if (!caller.IsSecretariat)
        {
            if (proposer.Length > 0 && proposer != caller.CountryCode)
                throw Refusals.NotPermitted("PROPOSER_IS_CALLER",
                    $"A member state proposes its own documents: {caller.CountryCode} may not propose one for {proposer}.",
                    new Dictionary<string, string> { ["caller"] = caller.ToString(), ["proposing_country"] = proposer });
            proposer = caller.CountryCode!;
        }
        var (row, revision) = await RecordAsync(uow, document with { ProposingCountry = proposer }, PolicyDocumentStatus.Draft, caller, now, ct);
        return row.ToResource(revision);
    }

    /// <summary>
    /// Records a document in <paramref name="status"/> with its first revision, without a permission
    /// check: for <see cref="CreateAsync"/> after its checks, and for the seed (documents the SOC
    /// already approved, whose areas CBM may not have announced yet).
    /// </summary>
    public static async Task<(DocumentRow Row, RevisionRow Revision)> RecordAsync(UnitOfWork uow, NewDocument document, PolicyDocumentStatus status,
        Caller author, DateTimeOffset now, CancellationToken ct)
    {
        var id = await Sequences.NextAsync(uow, Sequences.PolicyDocuments, ct);
        var versions = document.Content.Versions;
        var at = Times.Store(now);
        var revision = new RevisionRow
        {
            DocumentId = id, Number = 1, AuthoritativeLanguage = document.Content.AuthoritativeLanguage, Approved = 0,
            AuthorKind = (int)author.Kind, AuthorCountry = author.CountryCode ?? "", Content = RevisionRow.Store(versions), CreateTime = at,
        };
        var row = new DocumentRow
        {
            DocumentId = id,
            Kind = (int)document.Kind,
            DocumentSymbol = document.DocumentSymbol,
            AreaId = document.AreaId,
            PeriodStart = document.Period?.Start?.ToIsoString(),
            PeriodEnd = document.Period?.End?.ToIsoString() ?? document.Period?.Start?.ToIsoString(),
            PeriodFirst = document.Period?.Start?.FirstDay().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            PeriodLast = (document.Period?.End ?? document.Period?.Start)?.LastDay().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ProposingCountry = document.ProposingCountry,
            Status = (int)status,
            Recommendation = StoredDecisions.Format(document.Recommendation),
            CurrentRevision = 1,
            Version = 1,
            CreateTime = at,
            UpdateTime = at,
        };
        row = WithTitles(row, versions);
        await DocumentStore.InsertAsync(uow, row, ct);
        await DocumentStore.InsertRevisionAsync(uow, revision, ct);
        await SearchIndex.ReindexAsync(uow, id, versions, ct);
        return (row, revision);
    }

    /// <summary>Edits a draft or submitted document: a new revision becomes current (etag-checked).</summary>
    public static async Task<PolicyDocument> ReviseAsync(UnitOfWork uow, long documentId, string etag, RevisionContent content, Caller caller,
        DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var row = await ExistingAsync(uow, documentId, ct);
        await Authorship.RequireAuthorAsync(uow, caller, row.AreaId, today, "edit", ct);
        RequireEtag(row, etag);
        RequireEditable(row);

        var number = row.CurrentRevision + 1;
        var revision = new RevisionRow
        {
            DocumentId = documentId, Number = number, AuthoritativeLanguage = content.AuthoritativeLanguage, Approved = 0,
            AuthorKind = (int)caller.Kind, AuthorCountry = caller.CountryCode ?? "", Content = RevisionRow.Store(content.Versions),
            CreateTime = Times.Store(now),
        };
        await DocumentStore.InsertRevisionAsync(uow, revision, ct);
        var updated = WithTitles(row, content.Versions) with { CurrentRevision = number };
        await SaveAsync(uow, updated, row.Version, now, ct);
        await SearchIndex.ReindexAsync(uow, documentId, content.Versions, ct);
        return (updated with { Version = row.Version + 1, UpdateTime = Times.Store(now) }).ToResource(revision);
    }

    /// <summary>Submits a draft for approval, announcing it.</summary>
    public static async Task<PolicyDocument> SubmitAsync(UnitOfWork uow, long documentId, string etag, Caller caller, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var row = await ExistingAsync(uow, documentId, ct);
        await Authorship.RequireAuthorAsync(uow, caller, row.AreaId, today, "submit", ct);
        RequireEtag(row, etag);
        if (row.DocumentStatus != PolicyDocumentStatus.Draft)
            throw Refusals.RuleViolated("NOT_A_DRAFT", $"{row.Name} is {row.DocumentStatus}: only a draft can be submitted.", Status(row));
        var document = await ChangeStatusAsync(uow, row, PolicyDocumentStatus.Submitted, now, ct);
        await uow.AddAsync(new PolicyDocumentSubmitted { PolicyDocument = document, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = caller.ToActor() }, ct);
        return document;
    }

    /// <summary>Withdraws a draft or submitted document.</summary>
    public static async Task<PolicyDocument> WithdrawAsync(UnitOfWork uow, long documentId, string etag, Caller caller, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var row = await ExistingAsync(uow, documentId, ct);
        await Authorship.RequireAuthorAsync(uow, caller, row.AreaId, today, "withdraw", ct);
        RequireEtag(row, etag);
        if (row.DocumentStatus is not (PolicyDocumentStatus.Draft or PolicyDocumentStatus.Submitted))
            throw Refusals.RuleViolated("NOT_WITHDRAWABLE", $"{row.Name} is {row.DocumentStatus}: only a draft or submitted document can be withdrawn.", Status(row));
        return await ChangeStatusAsync(uow, row, PolicyDocumentStatus.Withdrawn, now, ct);
    }

    /// <summary>The document, or NOT_FOUND.</summary>
    public static async Task<DocumentRow> ExistingAsync(UnitOfWork uow, long documentId, CancellationToken ct) =>
        await DocumentStore.FindAsync(uow, documentId, ct) ?? throw Refusals.NotFound(ResourceNames.PolicyDocument(documentId));

    /// <summary>ABORTED unless <paramref name="etag"/> is the document's current one.</summary>
    public static void RequireEtag(DocumentRow row, string etag)
    {
        if (etag != Etags.Of(row.Version)) throw Refusals.StaleEtag(row.Name);
    }

    // An approved revision never changes; a withdrawn document is closed.
    private static void RequireEditable(DocumentRow row)
    {
        switch (row.DocumentStatus)
        {
            case PolicyDocumentStatus.Draft or PolicyDocumentStatus.Submitted:
                return;
            case PolicyDocumentStatus.Withdrawn:
                throw Refusals.RuleViolated("DOCUMENT_WITHDRAWN", $"{row.Name} was withdrawn and can no longer be edited.", Status(row));
            default:
                throw Refusals.RuleViolated("REVISION_APPROVED",
                    $"{row.Name} is {row.DocumentStatus}: its approved revision {row.CurrentRevision} can never change. Draft a new document to supersede it.",
                    new Dictionary<string, string>
                    {
                        ["status"] = row.DocumentStatus.ToString(),
                        ["revision"] = ResourceNames.Revision(row.DocumentId, row.CurrentRevision),
                    });
        }
    }

    /// <summary>Writes a new status (and a new version) and returns the document as it now stands.</summary>
    public static async Task<PolicyDocument> ChangeStatusAsync(UnitOfWork uow, DocumentRow row, PolicyDocumentStatus status, DateTimeOffset now, CancellationToken ct)
    {
        var updated = row with { Status = (int)status };
        await SaveAsync(uow, updated, row.Version, now, ct);
        var revision = await DocumentStore.FindRevisionAsync(uow, row.DocumentId, row.CurrentRevision, ct)
            ?? throw new InvalidOperationException($"{row.Name} has no revision {row.CurrentRevision}.");
        return (updated with { Version = row.Version + 1, UpdateTime = Times.Store(now) }).ToResource(revision);
    }

    /// <summary>Writes the row with the next version; ABORTED if another write changed it meanwhile.</summary>
    public static async Task SaveAsync(UnitOfWork uow, DocumentRow row, int expectedVersion, DateTimeOffset now, CancellationToken ct)
    {
        if (!await DocumentStore.UpdateAsync(uow, row with { Version = expectedVersion + 1, UpdateTime = Times.Store(now) }, expectedVersion, ct))
            throw Refusals.StaleEtag(row.Name);
    }

    private static DocumentRow WithTitles(DocumentRow row, IEnumerable<LanguageVersion> versions)
    {
        var list = versions.ToList();
        return row with
        {
            TitleEn = DocumentContent.Title(list, "en"),
            TitleRu = DocumentContent.Title(list, "ru"),
            TitleKk = DocumentContent.Title(list, "kk"),
            Languages = DocumentContent.LanguageList(list),
        };
    }

    private static Dictionary<string, string> Status(DocumentRow row) => new() { ["status"] = row.DocumentStatus.ToString() };
}

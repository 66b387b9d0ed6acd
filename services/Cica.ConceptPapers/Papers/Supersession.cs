using Cica.ConceptPapers.Storage;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.ConceptPapers.Papers;

/// <summary>An approved document is replaced by another approved one; its text stays as approved.</summary>
public static class Supersession
{
    /// <summary>Marks <paramref name="documentId"/> superseded by <paramref name="replacementId"/>.</summary>
    public static async Task<PolicyDocument> SupersedeAsync(UnitOfWork uow, long documentId, long replacementId, string etag, Caller caller,
        DateTimeOffset now, CancellationToken ct)
    {
        var row = await Drafting.ExistingAsync(uow, documentId, ct);
        var replacement = await Drafting.ExistingAsync(uow, replacementId, ct);
        Drafting.RequireEtag(row, etag);
        if (documentId == replacementId)
            throw Refusals.InvalidField("superseded_by", "must name another document");
        if (row.DocumentStatus != PolicyDocumentStatus.Approved)
            throw Refusals.RuleViolated("NOT_APPROVED", $"{row.Name} is {row.DocumentStatus}: only an approved document can be superseded.");
        if (replacement.DocumentStatus != PolicyDocumentStatus.Approved)
            throw Refusals.RuleViolated("REPLACEMENT_NOT_APPROVED", $"{replacement.Name} is {replacement.DocumentStatus}: a document is superseded only by an approved one.",
                new Dictionary<string, string> { ["superseded_by"] = replacement.Name });

        var updated = row with { SupersededBy = replacementId };
        var document = await Drafting.ChangeStatusAsync(uow, updated, PolicyDocumentStatus.Superseded, now, ct);
        await uow.AddAsync(new PolicyDocumentSuperseded
        {
            PolicyDocument = document, SupersededBy = replacement.Name, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = caller.ToActor(),
        }, ct);
        return document;
    }
}

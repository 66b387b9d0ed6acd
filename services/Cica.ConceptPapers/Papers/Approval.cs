using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Decisions;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// A decision approves a document: its current revision becomes approved (and immutable), the
/// document APPROVED citing the decision, and the proposed initiatives of the approved text become
/// initiatives to follow. One code path for the Secretariat's ApprovePolicyDocument today and for a
/// consumer of Chairmanship's DecisionAdopted (#6) tomorrow: both call <see cref="ApproveAsync"/>.
/// </summary>
public static class Approval
{
    /// <summary>What an approval produced.</summary>
    public sealed record Outcome(PolicyDocument Document, IReadOnlyList<Initiative> Initiatives);

    /// <summary>
    /// Approves <paramref name="documentName"/> by <paramref name="decision"/> (already checked in shape).
    /// <paramref name="revision"/>: the revision the decision approved, or 0 for the current one.
    /// </summary>
    public static async Task<Outcome> ApproveAsync(UnitOfWork uow, string documentName, DecisionReference decision, int revision,
        Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var documentId = ResourceNames.DocumentIdOf(documentName) ?? throw Refusals.InvalidField("name", $"'{documentName}' is not a policy document name such as policyDocuments/3");
        var row = await Drafting.ExistingAsync(uow, documentId, ct);
        if (row.DocumentStatus is not (PolicyDocumentStatus.Draft or PolicyDocumentStatus.Submitted))
            throw Refusals.RuleViolated(row.DocumentStatus == PolicyDocumentStatus.Approved ? "ALREADY_APPROVED" : "NOT_APPROVABLE",
                $"{row.Name} is {row.DocumentStatus}: only a draft or submitted document can be approved.",
                new Dictionary<string, string> { ["status"] = row.DocumentStatus.ToString() });
        if (revision != 0 && revision != row.CurrentRevision)
            throw Refusals.RuleViolated("REVISION_NOT_CURRENT",
                $"The decision approves revision {revision} of {row.Name}, but its current revision is {row.CurrentRevision}.",
                new Dictionary<string, string> { ["current_revision"] = ResourceNames.Revision(row.DocumentId, row.CurrentRevision) });

        await DocumentStore.MarkApprovedAsync(uow, row.DocumentId, row.CurrentRevision, ct);
        var approved = await DocumentStore.FindRevisionAsync(uow, row.DocumentId, row.CurrentRevision, ct)
            ?? throw new InvalidOperationException($"{row.Name} has no revision {row.CurrentRevision}.");
        var updated = row with { Status = (int)PolicyDocumentStatus.Approved, Approval = StoredDecisions.Format(decision) };
        await Drafting.SaveAsync(uow, updated, row.Version, now, ct);
        var document = (updated with { Version = row.Version + 1, UpdateTime = Times.Store(now) }).ToResource(approved);

        var initiatives = await InitiativesOfAsync(uow, row, approved, now, ct);
        await uow.AddAsync(new PolicyDocumentApproved
        {
            PolicyDocument = document,
            Decision = decision,
            Initiatives = { initiatives },
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = actor,
        }, ct);
        return new Outcome(document, initiatives);
    }

    // The proposed initiatives of the authoritative version, in the order of the text.
    private static async Task<IReadOnlyList<Initiative>> InitiativesOfAsync(UnitOfWork uow, DocumentRow row, RevisionRow approved, DateTimeOffset now, CancellationToken ct)
    {
        var authoritative = approved.Versions.Single(v => v.Language == approved.AuthoritativeLanguage);
        var blocks = (authoritative.Body?.Sections ?? []).SelectMany(s => s.Blocks).Where(b => b.Kind == BlockKind.ProposedInitiative).ToList();
        var initiatives = new List<Initiative>();
        for (var i = 0; i < blocks.Count; i++)
        {
            var proposed = blocks[i].Initiative;
            var initiative = new InitiativeRow
            {
                DocumentId = row.DocumentId,
                Number = i + 1,
                Title = blocks[i].Text,
                InitiativeYear = proposed.Year,
                Kind = (int)proposed.Kind,
                Status = (int)(proposed.Status == InitiativeStatus.Unspecified ? InitiativeStatus.Proposed : proposed.Status),
                Activities = string.Join(',', proposed.Activities),
                AreaId = row.AreaId,
                Version = 1,
                UpdateTime = Times.Store(now),
            };
            await InitiativeStore.InsertAsync(uow, initiative, ct);
            initiatives.Add(initiative.ToResource());
        }
        return initiatives;
    }
}

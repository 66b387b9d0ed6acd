using Cica.ConceptPapers.Storage;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.ConceptPapers.Papers;

/// <summary>Whether the initiatives of an approved plan got done, as the coordinators (or the Secretariat) record it.</summary>
public static class InitiativeProgress
{
    /// <summary>Sets the initiative's status (etag-checked), announcing the change.</summary>
    public static async Task<Initiative> UpdateStatusAsync(UnitOfWork uow, long documentId, int number, InitiativeStatus status, string etag,
        Caller caller, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var row = await InitiativeStore.FindAsync(uow, documentId, number, ct) ?? throw Refusals.NotFound(ResourceNames.Initiative(documentId, number));
        await Authorship.RequireAuthorAsync(uow, caller, row.AreaId, today, "follow up the initiatives of", ct);
        if (etag != Etags.Of(row.Version)) throw Refusals.StaleEtag(row.Name);

        var updated = row with { Status = (int)status, Version = row.Version + 1, UpdateTime = Times.Store(now) };
        if (!await InitiativeStore.UpdateStatusAsync(uow, updated, row.Version, ct)) throw Refusals.StaleEtag(row.Name);
        var initiative = updated.ToResource();
        await uow.AddAsync(new InitiativeStatusChanged
        {
            Initiative = initiative, PreviousStatus = (InitiativeStatus)row.Status, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = caller.ToActor(),
        }, ct);
        return initiative;
    }
}

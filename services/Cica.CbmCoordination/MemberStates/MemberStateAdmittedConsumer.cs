using Cica.CbmCoordination.Storage;
using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Messaging.Inbox;
using Cica.Persistence;

namespace Cica.CbmCoordination.MemberStates;

/// <summary>
/// Keeps the read model of member states from Membership's MemberStateAdmitted: a state admitted
/// there can be assigned here as soon as the event arrives. Idempotent twice over: the inbox drops
/// a redelivered message, and the write is an upsert (the seed may already have recorded the state).
/// </summary>
public sealed class MemberStateAdmittedConsumer(CbmDatabase database, TimeProvider clock)
    : InboxConsumer<CbmDatabase, MemberStateAdmitted>(database)
{
    /// <summary>Queue of this consumer on the broker.</summary>
    public const string QueueName = "cbm-member-state-admitted";

    /// <inheritdoc />
    protected override Task HandleAsync(MemberStateAdmitted message, UnitOfWork uow, CancellationToken ct)
    {
        // A malformed event is a bug upstream: failing sends it, after the retries, to the error queue.
        if (IsoCountries.Problem(message.CountryCode) is { } problem)
            throw new InvalidDataException($"MemberStateAdmitted: country_code {problem}.");
        if (message.AccessionDate is null || message.AccessionDate.Problem() is not null)
            throw new InvalidDataException($"MemberStateAdmitted for {message.CountryCode} has no valid accession_date.");

        var name = IsoCountries.NameOrIso(message.CountryCode, message.DisplayName);
        return MemberStateStore.UpsertAsync(uow, new MemberStateRow
        {
            CountryCode = message.CountryCode,
            NameEn = name.En,
            NameRu = name.Ru,
            NameKk = name.Kk,
            AccessionDate = message.AccessionDate.ToIsoString(),
        }, clock.GetUtcNow(), ct);
    }
}

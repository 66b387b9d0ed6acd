using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Messaging.Inbox;
using Cica.Persistence;

namespace Cica.ServiceKit.MemberStates;

/// <summary>
/// Keeps a service's known_member_states from Membership's MemberStateAdmitted: a state admitted
/// there is known here as soon as the event arrives. Idempotent twice over: the inbox drops a
/// redelivered message, and the write is an upsert. It runs as soon as the schema is migrated, before
/// the service's seed, which may wait for the member states it names (see <c>ISeed.BeforeLoadAsync</c>).
/// </summary>
public sealed class MemberStateAdmittedConsumer<TDatabase>(TDatabase database, TimeProvider clock)
    : InboxConsumer<TDatabase, MemberStateAdmitted>(database)
    where TDatabase : Database
{
    private readonly TDatabase _database = database;

    /// <summary>The service's queue of these events on the broker, e.g. "cbm-member-state-admitted".</summary>
    public static string QueueName(string serviceName) => serviceName + "-member-state-admitted";

    /// <inheritdoc />
    protected override string ConsumerName => QueueName(_database.Options.ServiceName);

    /// <inheritdoc />
    protected override bool NeedsSeed => false;

    /// <inheritdoc />
    protected override Task HandleAsync(MemberStateAdmitted message, UnitOfWork uow, CancellationToken ct)
    {
        // A malformed event is a bug upstream: failing sends it, after the retries, to the error queue.
        if (IsoCountries.Problem(message.CountryCode) is { } problem)
            throw new InvalidDataException($"MemberStateAdmitted: country_code {problem}.");
        if (message.AccessionDate is null || message.AccessionDate.Problem() is not null)
            throw new InvalidDataException($"MemberStateAdmitted for {message.CountryCode} has no valid accession_date.");

        var name = IsoCountries.NameOrIso(message.CountryCode, message.DisplayName);
        return KnownMemberStates.UpsertAsync(uow, new KnownMemberState
        {
            CountryCode = message.CountryCode,
            NameEn = name.En,
            NameRu = name.Ru,
            NameKk = name.Kk,
            AccessionDate = message.AccessionDate.ToIsoString(),
        }, clock.GetUtcNow(), ct);
    }
}

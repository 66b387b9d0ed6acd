using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Membership.Storage;
using Cica.Persistence;
using Cica.ServiceKit.Effects;

namespace Cica.Membership.Accession;

/// <summary>
/// The Summit's adopted decision on an accession, recorded once by the Secretariat in the
/// Chairmanship service, admits the state here under the accession procedure's own rules
/// (<see cref="AccessionProcedure.AdmitAsync"/>): its open application must have been recommended.
/// </summary>
public sealed class DecisionAdoptedConsumer(MembershipDatabase database, TimeProvider clock)
    : DecisionEffectConsumer<MembershipDatabase>(database, clock)
{
    /// <summary>The queue.</summary>
    public const string QueueName = "membership-decision-adopted";

    /// <inheritdoc />
    protected override string Owner => "membership";

    /// <inheritdoc />
    protected override bool Owns(DecisionEffect effect) => effect.EffectCase == DecisionEffect.EffectOneofCase.AdmitMemberState;

    /// <inheritdoc />
    protected override async Task<string> ApplyAsync(UnitOfWork uow, DecisionEffect effect, DecisionReference decision, DateTimeOffset now, CancellationToken ct)
    {
        var country = effect.AdmitMemberState.CountryCode;
        var open = await AccessionApplicationStore.OpenForCountryAsync(uow, country, (int)AccessionApplicationState.Admitted, ct);
        if (open.Count == 0)
        {
            if (await MemberStateStore.IsMemberAsync(uow, country, ct))
                throw Refusals.RuleViolated("ALREADY_MEMBER", $"{country} is already a member state.");
            throw Refusals.RuleViolated("NO_APPLICATION", $"{country} has no open accession application to admit.");
        }
        var admitted = await AccessionProcedure.AdmitAsync(uow, open[0].ApplicationId, decision, "", Caller.Secretariat, now, ct);
        return $"{country} admitted as a member state from {admitted.MemberState.AccessionDate.ToIsoString()}";
    }
}

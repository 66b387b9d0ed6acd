using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Countries;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.ServiceKit.Effects;

namespace Cica.CbmCoordination.Coordination;

/// <summary>
/// An adopted decision amending the list of coordinating countries (recorded once, in the
/// Chairmanship service) amends it here under the list's own rules (<see cref="CoordinatorList.AmendAsync"/>),
/// all changes or none.
/// </summary>
public sealed class DecisionAdoptedConsumer(CbmDatabase database, TimeProvider clock)
    : DecisionEffectConsumer<CbmDatabase>(database, clock)
{
    /// <summary>The queue.</summary>
    public const string QueueName = "cbm-decision-adopted";

    /// <inheritdoc />
    protected override string Owner => "cbm";

    /// <inheritdoc />
    protected override bool Owns(DecisionEffect effect) => effect.EffectCase == DecisionEffect.EffectOneofCase.AmendCoordinatorList;

    /// <inheritdoc />
    protected override async Task<string> ApplyAsync(UnitOfWork uow, DecisionEffect effect, DecisionReference decision, DateTimeOffset now, CancellationToken ct)
    {
        var amend = effect.AmendCoordinatorList;
        CheckShape(amend);
        var response = await CoordinatorList.AmendAsync(uow, new Amendment(decision, amend.EffectiveOn.ToDateOnly(), Caller.Secretariat.ToActor(), now),
            amend.Changes, ct);
        return $"{response.Started.Count} assignment(s) started, {response.Ended.Count} ended from {amend.EffectiveOn.ToIsoString()}";
    }

    // The shape the API checks before the rules run (the rules assume it), refused as INVALID_ARGUMENT-like here.
    private static void CheckShape(AmendCoordinatorListEffect amend)
    {
        var violations = new FieldViolations();
        if (amend.EffectiveOn is null || amend.EffectiveOn.Problem() is not null || !amend.EffectiveOn.IsFullDate)
            violations.Add("effective_on", "must be a full date");
        if (amend.Changes.Count == 0) violations.Add("changes", "at least one change is required");
        for (var i = 0; i < amend.Changes.Count; i++)
        {
            var field = $"changes[{i}]";
            var change = amend.Changes[i];
            switch (change.ChangeCase)
            {
                case CoordinatorListChange.ChangeOneofCase.Add:
                    Api.RequestChecks.AreaId(violations, field + ".add.priority_area", change.Add.PriorityArea, required: true);
                    violations.AddIf(field + ".add.country_code", IsoCountries.Problem(change.Add.CountryCode));
                    if (change.Add.Role == CoordinatorRole.Unspecified || !Enum.IsDefined(change.Add.Role)) violations.Add(field + ".add.role", "is required");
                    if (change.Add.Term is not null) violations.AddIf(field + ".add.term", CoordinatorTerm.Problem(change.Add.Term, null));
                    break;
                case CoordinatorListChange.ChangeOneofCase.End:
                    Api.RequestChecks.AssignmentId(violations, field + ".end.assignment", change.End.Assignment);
                    break;
                case CoordinatorListChange.ChangeOneofCase.Replace:
                    Api.RequestChecks.AssignmentId(violations, field + ".replace.assignment", change.Replace.Assignment);
                    violations.AddIf(field + ".replace.country_code", IsoCountries.Problem(change.Replace.CountryCode));
                    break;
                default:
                    violations.Add(field, "has no change");
                    break;
            }
        }
        violations.ThrowIfAny();
    }
}

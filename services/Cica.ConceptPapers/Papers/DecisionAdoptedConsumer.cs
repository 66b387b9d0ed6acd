using Cica.ConceptPapers.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.ServiceKit.Effects;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// A decision adopted in the Chairmanship service that approves a policy document (e.g. the Summit
/// adopting the Plan of Action SUM/2022/DRAFT/6) approves it here, through the same code path as the
/// Secretariat's ApprovePolicyDocument (<see cref="Approval.ApproveAsync"/>), under the same rules.
/// A document this service does not hold is refused (NOT_FOUND), visible on the decision.
/// </summary>
public sealed class DecisionAdoptedConsumer(ConceptPapersDatabase database, TimeProvider clock)
    : DecisionEffectConsumer<ConceptPapersDatabase>(database, clock)
{
    /// <summary>The queue.</summary>
    public const string QueueName = "concept-papers-decision-adopted";

    /// <inheritdoc />
    protected override string Owner => ConceptPapersModule.ServiceName;

    /// <inheritdoc />
    protected override bool Owns(DecisionEffect effect) => effect.EffectCase == DecisionEffect.EffectOneofCase.ApprovePolicyDocument;

    /// <inheritdoc />
    protected override async Task<string> ApplyAsync(UnitOfWork uow, DecisionEffect effect, DecisionReference decision, DateTimeOffset now, CancellationToken ct)
    {
        var target = effect.ApprovePolicyDocument;
        var name = target.DocumentName.StartsWith(ResourceNames.PolicyDocuments, StringComparison.Ordinal)
            ? target.DocumentName
            : target.Document is { Value.Length: > 0 } symbol && await DocumentStore.FindBySymbolAsync(uow, symbol.Value, ct) is { } row
                ? row.Name
                : throw Refusals.NotFound(target.Document?.Value is { Length: > 0 } s ? s : target.DocumentName);
        var approved = await Approval.ApproveAsync(uow, name, decision, 0, new Actor { Kind = ActorKind.Secretariat }, now, ct);
        return $"{approved.Document.Name} approved, {approved.Initiatives.Count} initiatives to follow";
    }
}

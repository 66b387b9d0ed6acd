using Cica.Chairmanship.Decisions;
using Cica.Contracts.Common.V1;
using Cica.Messaging.Inbox;
using Cica.Persistence;

namespace Cica.Chairmanship.Effects;

/// <summary>An owner applied an effect of an adopted decision: the effect becomes APPLIED.</summary>
public sealed class EffectAppliedConsumer(ChairmanshipDatabase database, TimeProvider clock)
    : InboxConsumer<ChairmanshipDatabase, EffectApplied>(database)
{
    /// <summary>The queue.</summary>
    public const string QueueName = "chairmanship-effect-applied";

    /// <inheritdoc />
    protected override Task HandleAsync(EffectApplied message, UnitOfWork uow, CancellationToken ct) =>
        DecisionLifecycle.RecordEffectOutcomeAsync(uow, message.Decision, message.EffectIndex, message.OwnerService, applied: true,
            "", message.Detail, clock.GetUtcNow(), ct);
}

/// <summary>An owner refused an effect of an adopted decision: the effect becomes REFUSED with the owner's reason.</summary>
public sealed class EffectRefusedConsumer(ChairmanshipDatabase database, TimeProvider clock)
    : InboxConsumer<ChairmanshipDatabase, EffectRefused>(database)
{
    /// <summary>The queue.</summary>
    public const string QueueName = "chairmanship-effect-refused";

    /// <inheritdoc />
    protected override Task HandleAsync(EffectRefused message, UnitOfWork uow, CancellationToken ct) =>
        DecisionLifecycle.RecordEffectOutcomeAsync(uow, message.Decision, message.EffectIndex, message.OwnerService, applied: false,
            message.Reason, message.Message, clock.GetUtcNow(), ct);
}

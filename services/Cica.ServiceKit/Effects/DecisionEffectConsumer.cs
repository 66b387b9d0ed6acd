using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;
using MassTransit;

namespace Cica.ServiceKit.Effects;

/// <summary>
/// Applies, in the service that owns them, the effects of a decision the Chairmanship service
/// adopted (cica.chairmanship.v1.DecisionAdopted), under the owner's own rules, once per message,
/// and answers each with cica.common.v1.EffectApplied or EffectRefused. All of a message's effects
/// for this owner apply in one write; if a rule refuses one, that write is rolled back whole
/// (nothing half-applied) and a second write records the message and the refusal instead.
/// Only PENDING effects are applied: those already applied (e.g. by the owner's seed data) are not.
/// </summary>
public abstract class DecisionEffectConsumer<TDatabase>(TDatabase database, TimeProvider clock) : IConsumer<DecisionAdopted>
    where TDatabase : Database
{
    /// <summary>This service's name in effect answers ("membership", "cbm").</summary>
    protected abstract string Owner { get; }

    /// <summary>Whether this service owns the kind of effect.</summary>
    protected abstract bool Owns(DecisionEffect effect);

    /// <summary>Applies one effect through the owner's rules; returns what was done, for people. Rules refuse with domain exceptions.</summary>
    protected abstract Task<string> ApplyAsync(UnitOfWork uow, DecisionEffect effect, DecisionReference decision, DateTimeOffset now, CancellationToken ct);

    private string ConsumerName => GetType().FullName ?? GetType().Name;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<DecisionAdopted> context)
    {
        var ct = context.CancellationToken;
        await database.Ready.WaitAsync(ct);
        var messageId = context.MessageId?.ToString()
            ?? throw new InvalidOperationException("DecisionAdopted arrived without a message id; it cannot be de-duplicated.");
        var decision = context.Message.Decision;
        var reference = new DecisionReference
        {
            Body = decision.AdoptingBody, Meeting = decision.Meeting, Date = decision.AdoptedOn, Item = decision.Item, Document = decision.Document,
        };
        var mine = decision.Effects.Select((effect, index) => (effect, index))
            .Where(e => e.effect.Status == EffectStatus.Pending && Owns(e.effect)).ToList();
        if (mine.Count == 0) return;

        try
        {
            await database.WriteAsync(async uow =>
            {
                if (!await RecordAsync(uow, messageId, ct)) return;
                var now = clock.GetUtcNow();
                foreach (var (effect, index) in mine)
                {
                    string detail;
                    try
                    {
                        detail = await ApplyAsync(uow, effect, reference, now, ct);
                    }
                    catch (DomainException refused)
                    {
                        throw new RefusedEffect(index, refused);
                    }
                    await uow.AddAsync(new EffectApplied
                    {
                        Decision = decision.Name, EffectIndex = index, Reference = reference, OwnerService = Owner, Detail = detail,
                        OccurredAt = Timestamp.FromDateTimeOffset(now),
                    }, ct);
                }
            }, ct);
        }
        catch (RefusedEffect refusal)
        {
            await database.WriteAsync(async uow =>
            {
                if (!await RecordAsync(uow, messageId, ct)) return;
                var now = clock.GetUtcNow();
                foreach (var (_, index) in mine)
                {
                    var it = index == refusal.Index;
                    await uow.AddAsync(new EffectRefused
                    {
                        Decision = decision.Name, EffectIndex = index, Reference = reference, OwnerService = Owner,
                        Reason = it ? refusal.Refusal.Reason ?? refusal.Refusal.GetType().Name : "OTHER_EFFECT_REFUSED",
                        Message = it ? refusal.Refusal.Message : $"Not applied: effect {refusal.Index} of the same decision was refused, and they apply together.",
                        OccurredAt = Timestamp.FromDateTimeOffset(now),
                    }, ct);
                }
            }, ct);
        }
    }

    // The inbox: false when this consumer handled the message before (a redelivery).
    private async Task<bool> RecordAsync(UnitOfWork uow, string messageId, CancellationToken ct)
    {
        var inbox = new { MessageId = messageId, Consumer = ConsumerName, ReceivedAt = DateTimeOffset.UtcNow.ToString("O") };
        var handled = await uow.QuerySingleOrDefaultAsync<string>(
            "SELECT message_id FROM inbox_messages WHERE message_id = @MessageId AND consumer = @Consumer", inbox, ct);
        if (handled is not null)
        {
            await uow.ExecuteAsync(
                "UPDATE inbox_messages SET redeliveries = redeliveries + 1 WHERE message_id = @MessageId AND consumer = @Consumer", inbox, ct);
            return false;
        }
        await uow.ExecuteAsync("INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES (@MessageId, @Consumer, @ReceivedAt)", inbox, ct);
        return true;
    }

    private sealed class RefusedEffect(int index, DomainException refusal) : Exception(refusal.Message, refusal)
    {
        public int Index { get; } = index;
        public DomainException Refusal { get; } = refusal;
    }
}

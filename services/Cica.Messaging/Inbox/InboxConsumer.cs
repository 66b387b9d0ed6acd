using Cica.Persistence;
using Google.Protobuf;
using MassTransit;

namespace Cica.Messaging.Inbox;

/// <summary>
/// A consumer whose effects happen once per message however often the broker delivers it: the
/// message id is recorded in the inbox table in the same transaction as the effects, and a message
/// already recorded is acknowledged without doing anything.
/// </summary>
public abstract class InboxConsumer<TDatabase, TMessage>(TDatabase database) : IConsumer<TMessage>
    where TDatabase : Database
    where TMessage : class, IMessage
{
    /// <summary>Name under which this consumer records handled messages.</summary>
    protected virtual string ConsumerName => GetType().FullName ?? GetType().Name;

    /// <summary>
    /// Whether messages wait for the service's seed data (true) or only for its schema (false: for
    /// read models the seed itself waits for, such as the known member states).
    /// </summary>
    protected virtual bool NeedsSeed => true;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var ct = context.CancellationToken;
        await (NeedsSeed ? database.Ready : database.Migrated).WaitAsync(ct);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; it cannot be de-duplicated.");

        var inbox = new { MessageId = messageId.ToString(), Consumer = ConsumerName, ReceivedAt = DateTimeOffset.UtcNow.ToString("O") };
        await database.WriteAsync(async uow =>
        {
            // Writes of one database are serialised (its writer), so nobody records this message
            // between the look-up and the insert.
            var handled = await uow.QuerySingleOrDefaultAsync<string>(
                "SELECT message_id FROM inbox_messages WHERE message_id = @MessageId AND consumer = @Consumer", inbox, ct);
            if (handled is not null) return; // handled before: a redelivery
            await uow.ExecuteAsync(
                "INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES (@MessageId, @Consumer, @ReceivedAt)", inbox, ct);
            await HandleAsync(context.Message, uow, ct);
        }, ct);
    }

    /// <summary>The message's effects, written through <paramref name="uow"/> (including any events it publishes).</summary>
    protected abstract Task HandleAsync(TMessage message, UnitOfWork uow, CancellationToken ct);
}

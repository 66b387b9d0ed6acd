using System.Diagnostics;
using System.Diagnostics.Metrics;
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
    /// <remarks>Metrics (Meter "Cica.Messaging.Inbox"): see <see cref="InboxMetrics"/>.</remarks>
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
        var tags = new TagList
        {
            { "service", database.Options.ServiceName },
            { "messaging.message.type", context.Message.Descriptor.FullName },
        };
        bool duplicate;
        try
        {
            duplicate = await database.WriteAsync(async uow =>
            {
                // Writes of one database are serialised (its writer), so nobody records this message
                // between the look-up and the insert.
                var handled = await uow.QuerySingleOrDefaultAsync<string>(
                    "SELECT message_id FROM inbox_messages WHERE message_id = @MessageId AND consumer = @Consumer", inbox, ct);
                if (handled is not null)
                {
                    // Handled before: a redelivery. Counted, so duplicates delivered can be told from applied.
                    await uow.ExecuteAsync(
                        "UPDATE inbox_messages SET redeliveries = redeliveries + 1 WHERE message_id = @MessageId AND consumer = @Consumer", inbox, ct);
                    return true;
                }
                await uow.ExecuteAsync(
                    "INSERT INTO inbox_messages (message_id, consumer, received_at) VALUES (@MessageId, @Consumer, @ReceivedAt)", inbox, ct);
                await HandleAsync(context.Message, uow, ct);
                return false;
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            tags.Add("error.type", ex.GetType().FullName);
            InboxMetrics.Failed.Add(1, tags);
            throw;
        }
        tags.Add("cica.inbox.outcome", duplicate ? "duplicate" : "handled");
        InboxMetrics.Consumed.Add(1, tags);
    }

    /// <summary>The message's effects, written through <paramref name="uow"/> (including any events it publishes).</summary>
    protected abstract Task HandleAsync(TMessage message, UnitOfWork uow, CancellationToken ct);
}

/// <summary>
/// What the inbox consumers did (Meter "Cica.Messaging.Inbox"): cica.events.consumed (outcome
/// handled or duplicate), cica.events.consume_failures (each failed attempt; MassTransit retries
/// and finally moves the message to the _error queue), per service and message type, and
/// cica.events.forged (events refused because their publisher does not own them). MassTransit's
/// own meter (messaging.masstransit.*) is exported too.
/// </summary>
public static class InboxMetrics
{
    /// <summary>Name of the Meter.</summary>
    public const string MeterName = "Cica.Messaging.Inbox";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> Consumed = Meter.CreateCounter<long>("cica.events.consumed", unit: "{message}",
        description: "Events a consumer took: handled, or dropped as a duplicate");

    internal static readonly Counter<long> Failed = Meter.CreateCounter<long>("cica.events.consume_failures", unit: "{message}",
        description: "Attempts to handle an event that failed (retried, then dead-lettered)");

    internal static readonly Counter<long> Forged = Meter.CreateCounter<long>("cica.events.forged", unit: "{message}",
        description: "Events refused because the broker user that published them does not own them (dropped, not applied)");
}

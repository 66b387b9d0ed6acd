using Cica.Messaging.Outbox;
using Cica.Messaging.Serialization;
using Google.Protobuf;
using MassTransit;

namespace Cica.Messaging;

/// <summary>
/// The relay's publisher on the in-memory bus (on RabbitMQ it is <see cref="RabbitMqEventPublisher"/>,
/// which publishes through RabbitMQ.Client directly, several times faster).
/// Publishes an outbox row through MassTransit with the row's message id (stable across
/// redeliveries, so consumers de-duplicate on it). On RabbitMQ, Publish completes once the broker
/// confirmed the message (publisher confirms), and the message is mandatory: one that no queue is
/// bound for comes back (basic.return) and the publish fails, so the row stays in the outbox.
/// Each message carries the connection's user as its AMQP user_id, which the broker validates
/// (a publish with another user's id is refused), so consumers know which service published it.
/// </summary>
public sealed class MassTransitEventPublisher(IBusControl bus, ProtobufMessageTypes messageTypes, BusKind kind) : IEventPublisher
{
    /// <inheritdoc />
    public async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
    }

    /// <inheritdoc />
    public async Task PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var (descriptor, messageId, payload) = OutboxEvent.Read(message, messageTypes);
        try
        {
            await bus.Publish(payload, descriptor.ClrType, context =>
            {
                context.MessageId = messageId;
                context.Mandatory = true;
                if (kind.BrokerUser is { } user && context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                    rabbit.BasicProperties.UserId = user;
            }, ct);
        }
        catch (Exception ex) when (Returned(ex))
        {
            throw new UnroutableEventException($"the broker returned {message.MessageType} {message.MessageId}: no queue is bound to its exchange", ex);
        }
    }

    private static bool Returned(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is MessageReturnedException) return true;
        return false;
    }
}

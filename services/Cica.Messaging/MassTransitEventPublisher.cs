using Cica.Messaging.Outbox;
using Cica.Messaging.Serialization;
using MassTransit;

namespace Cica.Messaging;

/// <summary>
/// Publishes an outbox row through MassTransit with the row's message id (stable across
/// redeliveries, so consumers de-duplicate on it). On RabbitMQ, Publish completes once the broker
/// confirmed the message (publisher confirms).
/// </summary>
public sealed class MassTransitEventPublisher(IBusControl bus, ProtobufMessageTypes messageTypes) : IEventPublisher
{
    /// <inheritdoc />
    public async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
    }

    /// <inheritdoc />
    public Task PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        if (!messageTypes.TryGetByFullName(message.MessageType, out var descriptor))
            throw new InvalidOperationException($"Outbox row {message.Sequence} holds {message.MessageType}, which no contract in protos/ defines.");
        var payload = descriptor.Parser.ParseFrom(message.Payload);
        var messageId = Guid.Parse(message.MessageId);
        return bus.Publish(payload, descriptor.ClrType, context => context.MessageId = messageId, ct);
    }
}

using Cica.Messaging.Serialization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.Messaging.Outbox;

/// <summary>
/// An outbox row read back as the event it holds, before any publisher hands it to a broker. A row
/// that cannot be one (a type no contract defines, an id that is not a GUID, a payload the consumer
/// would refuse) is the row's fault: <see cref="UnpublishableEventException"/>, never retried as a broker's.
/// </summary>
internal sealed record OutboxEvent(MessageDescriptor Descriptor, Guid MessageId, IMessage Payload)
{
    /// <summary>Reads <paramref name="message"/>, or throws <see cref="UnpublishableEventException"/>.</summary>
    public static OutboxEvent Read(OutboxMessage message, ProtobufMessageTypes messageTypes)
    {
        if (!messageTypes.TryGetByFullName(message.MessageType, out var descriptor))
            throw new UnpublishableEventException($"{message.MessageType} is defined by no contract in protos/.");
        if (!Guid.TryParse(message.MessageId, out var messageId))
            throw new UnpublishableEventException($"message id '{message.MessageId}' is not a GUID.");
        try
        {
            return new OutboxEvent(descriptor, messageId, descriptor.Parser.ParseFrom(message.Payload));
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new UnpublishableEventException($"payload is not a valid {message.MessageType}: {ex.Message}", ex);
        }
    }
}

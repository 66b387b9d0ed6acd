using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MassTransit;
using MassTransit.Serialization;

namespace Cica.Messaging.Serialization;

/// <summary>
/// Received raw protobuf body. The message is parsed lazily, once, with the parser of the descriptor resolved from
/// the headers; <c>TryGetMessage&lt;T&gt;</c> succeeds for that generated type (or any base/interface of it, e.g. IMessage).
/// </summary>
public sealed class ProtobufSerializerContext : BaseSerializerContext
{
    readonly MessageBody _body;
    readonly MessageDescriptor? _descriptor;
    readonly ProtobufMessageSerializer _serializer;
    readonly Lazy<IMessage?> _message;

    public ProtobufSerializerContext(IObjectDeserializer objectDeserializer, MessageContext messageContext, string[] supportedMessageTypes,
        MessageBody body, MessageDescriptor? descriptor, ProtobufMessageSerializer serializer)
        : base(objectDeserializer, messageContext, supportedMessageTypes)
    {
        _body = body;
        _descriptor = descriptor;
        _serializer = serializer;
        _message = new Lazy<IMessage?>(Parse);
    }


    public override bool IsSupportedMessageType<T>() => IsSupportedMessageType(typeof(T));

    public override bool IsSupportedMessageType(Type messageType) =>
        _descriptor is not null && messageType.IsAssignableFrom(_descriptor.ClrType);

    public override bool TryGetMessage<T>([NotNullWhen(true)] out T? message)
        where T : class
    {
        message = IsSupportedMessageType(typeof(T)) ? _message.Value as T : null;
        return message is not null;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        message = IsSupportedMessageType(messageType) ? _message.Value : null;
        return message is not null;
    }

    // Re-sends of the consumed message (redelivery, scheduling, outbox) go through the same raw protobuf serializer.
    public override IMessageSerializer GetMessageSerializer() => _serializer;

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message) => _serializer;

    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes) => _serializer;

    public override Dictionary<string, object> ToDictionary<T>(T? message)
        where T : class
    {
        // Proto3 JSON mapping (field names in lowerCamelCase) is the only canonical textual form of a protobuf message.
        if (message is not IMessage protobuf)
            return new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        var json = JsonFormatter.Default.Format(protobuf);
        return JsonSerializer.Deserialize<Dictionary<string, object>>(json) ?? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
    }

    IMessage? Parse()
    {
        if (_descriptor is null)
            return null;

        try
        {
            return _descriptor.Parser.ParseFrom(_body.GetBytes());
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new System.Runtime.Serialization.SerializationException($"Body is not a valid {_descriptor.FullName}", ex);
        }
    }
}

using System.Net.Mime;
using System.Runtime.Serialization;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using MassTransit;
using MassTransit.Serialization;

namespace Cica.Messaging.Serialization;

/// <summary>
/// Raw protobuf serializer: the body is exactly <c>IMessage.ToByteArray()</c> (no MassTransit envelope), and all
/// MassTransit metadata (MessageId, CorrelationId, MT-MessageType, ...) travels in transport headers, the same way
/// MassTransit's own raw JSON serializer does it (<see cref="RawMessageSerializer"/>).
/// Non-protobuf messages (e.g. <c>Fault&lt;T&gt;</c> published by MassTransit when a consumer throws) are delegated
/// to MassTransit's default JSON envelope serializer, otherwise they could not be sent at all once this is the
/// bus's default serializer.
/// </summary>
public sealed class ProtobufMessageSerializer : RawMessageSerializer, IMessageSerializer, IMessageDeserializer
{
    // Default = AddTransportHeaders | CopyHeaders: metadata in headers, and non-MT headers visible on ConsumeContext.Headers.
    const RawSerializerOptions Options = RawSerializerOptions.Default;

    readonly ProtobufMessageTypes _messageTypes;
    readonly SystemTextJsonMessageSerializer _fallback = SystemTextJsonMessageSerializer.Instance;

    public ProtobufMessageSerializer(ProtobufMessageTypes messageTypes)
    {
        _messageTypes = messageTypes ?? throw new ArgumentNullException(nameof(messageTypes));
    }

    public ContentType ContentType => ProtobufHeaders.ContentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context)
        where T : class
    {
        if (context.Message is not IMessage message)
        {
            // The transport writes context.ContentType to the wire, so the receiver picks the JSON deserializer.
            context.ContentType = _fallback.ContentType;
            return _fallback.GetMessageBody(context);
        }

        try
        {
            context.ContentType = ProtobufHeaders.ContentType;
            SetRawMessageHeaders(context);
            // MassTransit lists every implemented interface (Google.Protobuf.IMessage, IBufferMessage, ...); only the concrete
            // contract is meaningful, and the receiver resolves the type from cica-message-type anyway.
            context.Headers.Set(MessageHeaders.MessageType, MessageUrn.ForTypeString(message.GetType()));
            context.Headers.Set(ProtobufHeaders.MessageType, message.Descriptor.FullName);
            context.Headers.Set(MessageHeaders.ContentType, ProtobufHeaders.ContentTypeValue);

            return new BytesMessageBody(message.ToByteArray());
        }
        catch (Exception ex)
        {
            throw new SerializationException($"Failed to serialize protobuf message {message.Descriptor.FullName}", ex);
        }
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("protobuf");
        scope.Add("contentType", ContentType.MediaType);
        scope.Add("messageTypes", string.Join(",", _messageTypes.Descriptors.Select(d => d.FullName)));
    }

    // Only text-based transports call this; a binary body must have been base64-encoded to survive as text.
    public MessageBody GetMessageBody(string text) => new Base64MessageBody(text);

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(headers);

        var descriptor = ResolveDescriptor(headers);
        var messageContext = new RawMessageContext(headers, destinationAddress, Options);

        // Supported types drive ConsumeContext.SupportedMessageTypes (faults, redelivery); keep them MassTransit-style URNs.
        var supportedMessageTypes = descriptor is not null
            ? new[] { MessageUrn.ForTypeString(descriptor.ClrType) }
            : ReadMassTransitMessageTypes(headers);

        return new ProtobufSerializerContext(_fallback, messageContext, supportedMessageTypes, body, descriptor, this);
    }

    MessageDescriptor? ResolveDescriptor(Headers headers)
    {
        // 1. The language-neutral header (also what a non-.NET producer is expected to set).
        if (headers.Get<string>(ProtobufHeaders.MessageType) is { Length: > 0 } fullName
            && _messageTypes.TryGetByFullName(fullName, out var byName))
            return byName;

        // 2. A MassTransit producer that didn't set it: map the MT-MessageType URNs back to a registered CLR type.
        foreach (var urn in ReadMassTransitMessageTypes(headers))
        {
            foreach (var candidate in _messageTypes.Descriptors)
            {
                if (string.Equals(MessageUrn.ForTypeString(candidate.ClrType), urn, StringComparison.OrdinalIgnoreCase))
                    return candidate;
            }
        }

        return null;
    }

    static string[] ReadMassTransitMessageTypes(Headers headers) =>
        headers.Get<string>(MessageHeaders.MessageType) is { Length: > 0 } value
            ? value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Array.Empty<string>();
}

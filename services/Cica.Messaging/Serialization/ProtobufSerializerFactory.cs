using System.Net.Mime;
using MassTransit;

namespace Cica.Messaging.Serialization;

/// <summary>MassTransit 8 entry point: one stateless serializer instance serves both directions.</summary>
public sealed class ProtobufSerializerFactory : ISerializerFactory
{
    readonly ProtobufMessageSerializer _serializer;

    public ProtobufSerializerFactory(ProtobufMessageTypes messageTypes)
    {
        _serializer = new ProtobufMessageSerializer(messageTypes);
    }

    public ContentType ContentType => ProtobufHeaders.ContentType;

    public IMessageSerializer CreateSerializer() => _serializer;

    public IMessageDeserializer CreateDeserializer() => _serializer;
}

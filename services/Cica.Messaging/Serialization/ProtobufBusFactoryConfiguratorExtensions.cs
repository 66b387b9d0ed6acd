using Google.Protobuf;
using MassTransit;

namespace Cica.Messaging.Serialization;

/// <summary>Wires the raw protobuf serializer, protobuf entity naming and topology exclusions into any MassTransit transport.</summary>
public static class ProtobufBusFactoryConfiguratorExtensions
{
    /// <summary>
    /// Makes raw protobuf the default serializer (non-protobuf messages still go out as MassTransit JSON), registers the
    /// protobuf deserializer next to the default JSON ones, names exchanges/topics after the protobuf full name, and
    /// stops MassTransit from creating entities for Google.Protobuf's interfaces.
    /// </summary>
    public static void UseProtobufSerializer(this IBusFactoryConfigurator configurator, ProtobufMessageTypes messageTypes)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(messageTypes);

        var factory = new ProtobufSerializerFactory(messageTypes);
        configurator.AddSerializer(factory);
        configurator.AddDeserializer(factory);

        configurator.MessageTopology.SetEntityNameFormatter(new ProtobufEntityNameFormatter(configurator.MessageTopology.EntityNameFormatter));

        ExcludeProtobufInterfaces(configurator, messageTypes);
    }

    /// <summary>
    /// MassTransit publishes a message to one exchange per implemented interface (polymorphic routing). Generated protobuf
    /// classes implement IMessage, IMessage&lt;T&gt;, IBufferMessage, IDeepCloneable&lt;T&gt; (IEquatable&lt;T&gt; is System.*, which MassTransit skips itself
    /// and refuses to configure); none of them is a domain contract.
    /// </summary>
    public static void ExcludeProtobufInterfaces(this IBusFactoryConfigurator configurator, ProtobufMessageTypes messageTypes)
    {
        ArgumentNullException.ThrowIfNull(configurator);
        ArgumentNullException.ThrowIfNull(messageTypes);

        configurator.Publish<IMessage>(p => p.Exclude = true);
        configurator.Publish<IBufferMessage>(p => p.Exclude = true);

        foreach (var descriptor in messageTypes.Descriptors)
        {
            foreach (var open in new[] { typeof(IMessage<>), typeof(IDeepCloneable<>) })
                configurator.PublishTopology.GetMessageTopology(open.MakeGenericType(descriptor.ClrType)).Exclude = true;
        }
    }
}

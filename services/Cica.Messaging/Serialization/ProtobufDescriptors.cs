using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.Messaging.Serialization;

/// <summary>
/// Finds the <see cref="MessageDescriptor"/> of a generated protobuf class from its <see cref="Type"/> alone
/// (the entity name formatter and topology code only have <c>T</c>, never an instance). Cached per type.
/// </summary>
public static class ProtobufDescriptors
{
    static readonly ConcurrentDictionary<Type, MessageDescriptor?> Cache = new();

    public static bool TryGet(Type type, [NotNullWhen(true)] out MessageDescriptor? descriptor)
    {
        ArgumentNullException.ThrowIfNull(type);
        descriptor = Cache.GetOrAdd(type, Resolve);
        return descriptor is not null;
    }

    static MessageDescriptor? Resolve(Type type)
    {
        // Generated classes are sealed, implement IMessage<T> for themselves and expose "public static MessageDescriptor Descriptor".
        // (IMessage<T> has "where T : IMessage<T>", so check the non-generic interface before closing it over T.)
        if (!type.IsClass || type.IsAbstract || type.ContainsGenericParameters || !typeof(IMessage).IsAssignableFrom(type))
            return null;
        if (!typeof(IMessage<>).MakeGenericType(type).IsAssignableFrom(type))
            return null;

        var property = type.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static);
        return property?.PropertyType == typeof(MessageDescriptor)
            ? (MessageDescriptor?)property.GetValue(null)
            : null;
    }
}

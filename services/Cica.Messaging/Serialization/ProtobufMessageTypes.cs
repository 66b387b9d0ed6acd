using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Cica.Messaging.Serialization;

/// <summary>
/// Registry of the protobuf messages a service can receive, keyed by protobuf full name (what travels in the
/// <see cref="ProtobufHeaders.MessageType"/> header) and by generated CLR type. Only descriptors that have
/// generated code (ClrType + Parser) are usable, because the deserializer must create the typed message.
/// </summary>
public sealed class ProtobufMessageTypes
{
    readonly Dictionary<string, MessageDescriptor> _byFullName = new(StringComparer.Ordinal);
    readonly Dictionary<Type, MessageDescriptor> _byClrType = new();

    public ProtobufMessageTypes(params MessageDescriptor[] descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        foreach (var descriptor in descriptors)
        {
            if (descriptor.ClrType is null || descriptor.Parser is null)
                throw new ArgumentException($"Descriptor '{descriptor.FullName}' has no generated C# type; it cannot be deserialized.", nameof(descriptors));
            Add(descriptor);
        }
    }

    /// <summary>
    /// All generated messages in the assemblies (types implementing <see cref="IMessage{T}"/> with the generated
    /// static <c>Descriptor</c> property).
    /// </summary>
    public static ProtobufMessageTypes FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var descriptors = new List<MessageDescriptor>();
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            if (ProtobufDescriptors.TryGet(type, out var descriptor))
                descriptors.Add(descriptor);
        }

        return new ProtobufMessageTypes(descriptors.ToArray());
    }

    public IReadOnlyCollection<MessageDescriptor> Descriptors => _byFullName.Values;

    public bool TryGetByFullName(string fullName, [NotNullWhen(true)] out MessageDescriptor? descriptor) =>
        _byFullName.TryGetValue(fullName, out descriptor);

    public bool TryGetByClrType(Type clrType, [NotNullWhen(true)] out MessageDescriptor? descriptor) =>
        _byClrType.TryGetValue(clrType, out descriptor);

    void Add(MessageDescriptor descriptor)
    {
        // Same full name registered twice (e.g. two overlapping file lists) is fine; two CLR types for one name is not.
        if (_byFullName.TryGetValue(descriptor.FullName, out var existing) && existing.ClrType != descriptor.ClrType)
            throw new ArgumentException($"Protobuf message '{descriptor.FullName}' is mapped to both {existing.ClrType} and {descriptor.ClrType}.");
        _byFullName[descriptor.FullName] = descriptor;
        _byClrType[descriptor.ClrType] = descriptor;
    }

}

using MassTransit;

namespace Cica.Messaging.Serialization;

/// <summary>
/// Names exchanges/topics after the protobuf full name (e.g. <c>cica.membership.v1.MemberStateAdmitted</c>) so that
/// other languages can bind to them knowing only the .proto file. Non-protobuf types (Fault&lt;T&gt;, plain records)
/// keep the transport's default naming.
/// </summary>
public sealed class ProtobufEntityNameFormatter : IEntityNameFormatter
{
    readonly IEntityNameFormatter _fallback;

    public ProtobufEntityNameFormatter(IEntityNameFormatter fallback)
    {
        _fallback = fallback ?? throw new ArgumentNullException(nameof(fallback));
    }

    public string FormatEntityName<T>() =>
        ProtobufDescriptors.TryGet(typeof(T), out var descriptor)
            ? descriptor.FullName
            : _fallback.FormatEntityName<T>();
}

using System.Net.Mime;

namespace Cica.Messaging.Serialization;

/// <summary>
/// Wire-level names shared with non-.NET consumers. These are plain AMQP headers / content types,
/// so a Python (pika) consumer can route on them without knowing anything about MassTransit.
/// </summary>
public static class ProtobufHeaders
{
    /// <summary>Transport header carrying the protobuf full name, e.g. <c>cica.membership.v1.MemberStateAdmitted</c>.</summary>
    public const string MessageType = "cica-message-type";

    /// <summary>Content type of a raw protobuf body (the body is exactly <c>IMessage.ToByteArray()</c>).</summary>
    public const string ContentTypeValue = "application/x-protobuf";

    public static readonly ContentType ContentType = new(ContentTypeValue);
}

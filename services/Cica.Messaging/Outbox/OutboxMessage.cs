namespace Cica.Messaging.Outbox;

/// <summary>A row of the outbox table: one event waiting to be published.</summary>
public sealed record OutboxMessage(long Sequence, string MessageId, string MessageType, byte[] Payload, string? TraceParent, string? TraceState);

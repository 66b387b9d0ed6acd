namespace Cica.Messaging.Outbox;

/// <summary>Hands one outbox row to the broker; completes only once the broker has it.</summary>
public interface IEventPublisher
{
    /// <summary>
    /// Publishes the event; throws when the broker did not confirm it: <see cref="UnpublishableEventException"/>
    /// when the row itself is at fault, <see cref="UnroutableEventException"/> when no queue took it, any
    /// other exception when the broker could not be reached.
    /// </summary>
    Task PublishAsync(OutboxMessage message, CancellationToken ct);

    /// <summary>
    /// Completes once the bus has declared its topology (its receive endpoints, with their queues and
    /// bindings, are ready): an event published before that would miss this process's own consumers.
    /// </summary>
    Task WaitUntilReadyAsync(CancellationToken ct);
}

/// <summary>The row itself cannot be published (a type no contract defines, a payload the parser refuses): retrying will not help.</summary>
public sealed class UnpublishableEventException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The broker returned the message: no queue is bound to its exchange (yet).</summary>
public sealed class UnroutableEventException(string message, Exception? inner = null) : Exception(message, inner);

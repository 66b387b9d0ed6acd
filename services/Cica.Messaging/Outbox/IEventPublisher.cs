namespace Cica.Messaging.Outbox;

/// <summary>Hands one outbox row to the broker; completes only once the broker has it.</summary>
public interface IEventPublisher
{
    /// <summary>Publishes the event; throws when the broker did not confirm it.</summary>
    Task PublishAsync(OutboxMessage message, CancellationToken ct);

    /// <summary>
    /// Completes once the bus has declared its topology (its receive endpoints, with their queues and
    /// bindings, are ready): an event published before that would miss this process's own consumers.
    /// </summary>
    Task WaitUntilReadyAsync(CancellationToken ct);
}

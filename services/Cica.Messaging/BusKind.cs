namespace Cica.Messaging;

/// <summary>
/// Which bus this host runs on. On RabbitMQ a confirmed publish is a durable copy in every bound
/// queue; on the in-memory bus it is only a hand-over to this process's queues, so the outbox relay
/// keeps such rows a while (see Outbox.OutboxOptions.KeepPublishedInMemory).
/// </summary>
public sealed record BusKind(bool InMemory);

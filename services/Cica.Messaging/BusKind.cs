namespace Cica.Messaging;

/// <summary>
/// Which bus this host runs on. On RabbitMQ a confirmed publish is a durable copy in every bound
/// queue; on the in-memory bus it is only a hand-over to this process's queues, so the outbox relay
/// keeps such rows a while (see Outbox.OutboxOptions.KeepPublishedInMemory).
/// </summary>
/// <param name="InMemory">True on MassTransit's in-memory bus.</param>
/// <param name="BrokerUser">On RabbitMQ, the user this process connects as (the user_id of what it publishes).</param>
public sealed record BusKind(bool InMemory, string? BrokerUser = null);

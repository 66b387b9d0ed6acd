using Cica.Messaging.Serialization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Messaging.Consumers;

/// <summary>
/// Every consumer queue of the platform per event type (the protobuf full name, as in the outbox's
/// message_type), derived from the consumers the services register with
/// <see cref="MessagingRegistration.AddConsumer{TConsumer}"/>. The platform builds it once from every
/// module it can carry, not only those this process runs, so that a producer knows the queues of
/// consumers that live in other processes: its relay publishes an event type only once those queues
/// exist (after a broker came back empty, a queue re-appears only when its service re-declares it).
/// </summary>
public sealed class ConsumerCatalog
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _queues;

    /// <param name="queues">Event type → the queues of its consumers.</param>
    public ConsumerCatalog(IReadOnlyDictionary<string, IReadOnlyList<string>> queues) => _queues = queues;

    /// <summary>The queues that consume <paramref name="messageType"/> (none when no consumer is registered).</summary>
    public IReadOnlyList<string> QueuesOf(string messageType) => _queues.TryGetValue(messageType, out var queues) ? queues : [];

    /// <summary>Every queue of the catalog.</summary>
    public IReadOnlyList<string> AllQueues => [.. _queues.Values.SelectMany(q => q).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Event types with at least one consumer.</summary>
    public IEnumerable<string> MessageTypes => _queues.Keys;

    /// <summary>The catalog of the consumers registered in <paramref name="services"/>.</summary>
    public static ConsumerCatalog From(IServiceCollection services) =>
        From(services.Where(d => d.ServiceType == typeof(MessagingRegistration.ConsumerRegistration) && d.ImplementationInstance is not null)
            .Select(d => (MessagingRegistration.ConsumerRegistration)d.ImplementationInstance!));

    /// <summary>The catalog of <paramref name="registrations"/> (those without a queue name are skipped).</summary>
    public static ConsumerCatalog From(IEnumerable<MessagingRegistration.ConsumerRegistration> registrations)
    {
        var queues = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (registration.Queue is not { Length: > 0 } queue || registration.ConsumerType is not { } consumer) continue;
            foreach (var messageType in ConsumedTypes(consumer))
            {
                if (!queues.TryGetValue(messageType, out var set)) queues[messageType] = set = new SortedSet<string>(StringComparer.Ordinal);
                set.Add(queue);
            }
        }
        return new ConsumerCatalog(queues.ToDictionary(q => q.Key, q => (IReadOnlyList<string>)[.. q.Value], StringComparer.Ordinal));
    }

    // The protobuf messages a consumer class consumes: T of each IConsumer<T> it implements.
    private static IEnumerable<string> ConsumedTypes(Type consumer) =>
        consumer.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => ProtobufDescriptors.TryGet(i.GetGenericArguments()[0], out var descriptor) ? descriptor.FullName : null)
            .OfType<string>();
}

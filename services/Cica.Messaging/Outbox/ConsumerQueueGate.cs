using Cica.Messaging.Consumers;

namespace Cica.Messaging.Outbox;

/// <summary>
/// One relay's view of the broker, renewed on each (re)connection of the <see cref="BrokerProbe"/>:
/// whether the consumer queues of the events it is about to publish exist, and whether the broker
/// came back without its data. A mandatory publish only fails when NO queue is bound, so after a
/// broker lost its data an event would reach the queues already declared again and silently miss
/// those of consumers not yet back; the relay therefore holds an event type until every consumer
/// queue of it that this relay has seen on the broker (<see cref="ConsumerCatalog"/>) is there again.
/// A queue of the catalog never seen (a service this deployment does not run) is not waited for;
/// the queues seen are kept in the service's database (outbox_consumer_queues), so a relay restarted
/// while the broker is empty still waits for a consumer that is down.
/// The broker's loss is told by a durable marker exchange of the service's own
/// (<c>{service}-outbox-marker</c>) found missing: then the relay re-publishes what it published
/// within <see cref="OutboxOptions.RepublishWindow"/>, which the broker may have held in the lost queues.
/// </summary>
internal sealed class ConsumerQueueGate(string service, ConsumerCatalog catalog, BrokerProbe probe, TimeProvider clock,
    Func<CancellationToken, Task<IEnumerable<string>>> loadSeen, Func<IReadOnlyList<string>, CancellationToken, Task> saveSeen)
{
    // A queue of the catalog not seen yet is looked for again at most this often (it may never come:
    // a looked-for queue that is absent costs a channel).
    private static readonly TimeSpan LookAgain = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);    // seen on the broker once: required from then on
    private readonly HashSet<string> _present = new(StringComparer.Ordinal); // there in the current epoch
    private readonly Dictionary<string, long> _lookedFor = new(StringComparer.Ordinal);
    private long _epoch;
    private bool _republish;
    private bool _loaded;

    /// <summary>The marker exchange: a name the service's broker user may configure (its own prefix).</summary>
    public string Marker => service + "-outbox-marker";

    /// <summary>True once the broker was found without the marker, until <see cref="Republished"/>.</summary>
    public bool RepublishPending => _republish;

    /// <summary>The relay has put the rows of the window back into the outbox.</summary>
    public void Republished() => _republish = false;

    /// <summary>
    /// The consumer queues of <paramref name="messageTypes"/> that must exist and do not (empty: the
    /// events may go out). On a new connection it first checks the marker and every catalog queue.
    /// Throws when the broker is unreachable.
    /// </summary>
    public async Task<IReadOnlyList<string>> MissingAsync(IEnumerable<string> messageTypes, CancellationToken ct)
    {
        if (!_loaded)
        {
            _seen.UnionWith(await loadSeen(ct));
            _loaded = true;
        }
        var epoch = await probe.ConnectAsync(ct);
        if (epoch != _epoch)
        {
            _present.Clear();
            _lookedFor.Clear();
            if (await probe.EnsureMarkerAsync(Marker, ct)) _republish = true;
            foreach (var queue in catalog.AllQueues)
                if (await probe.QueueExistsAsync(queue, ct)) _present.Add(queue);
            await SeenAsync(_present, ct);
            _epoch = epoch;
        }

        var missing = new List<string>();
        foreach (var queue in messageTypes.Distinct(StringComparer.Ordinal).SelectMany(catalog.QueuesOf).Distinct(StringComparer.Ordinal))
        {
            if (_present.Contains(queue)) continue;
            var required = _seen.Contains(queue);
            // A required queue is looked for at every call (the relay calls about once a second while
            // it holds); one never seen only now and then.
            if (!required && _lookedFor.TryGetValue(queue, out var at) && clock.GetElapsedTime(at) < LookAgain) continue;
            _lookedFor[queue] = clock.GetTimestamp();
            if (await probe.QueueExistsAsync(queue, ct))
            {
                _present.Add(queue);
                await SeenAsync([queue], ct);
            }
            else if (required)
            {
                missing.Add(queue);
            }
        }
        return missing;
    }

    private async Task SeenAsync(IEnumerable<string> queues, CancellationToken ct)
    {
        var newly = queues.Where(q => !_seen.Contains(q)).ToList();
        if (newly.Count == 0) return;
        await saveSeen(newly, ct);
        _seen.UnionWith(newly);
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cica.Messaging.Outbox;

/// <summary>
/// The outbox relays' figures: counters of published, failed and unroutable publishes, and the
/// number of parked rows per service as a gauge (cica.outbox.parked) and a health check detail
/// ("outbox": Degraded while any row is parked).
/// </summary>
public sealed class OutboxMonitor : IHealthCheck
{
    private static readonly Meter Meter = new("Cica.Messaging.Outbox");

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>("cica.outbox.published", description: "Events the relay published and removed from the outbox");
    internal static readonly Counter<long> Failures = Meter.CreateCounter<long>("cica.outbox.publish_failures", description: "Batches that failed on the broker and will be retried");
    internal static readonly Counter<long> Unroutable = Meter.CreateCounter<long>("cica.outbox.unroutable", description: "Publishes the broker returned because no queue is bound; the rows stay in the outbox");

    private readonly ConcurrentDictionary<string, long> _parked = new(StringComparer.Ordinal);

    /// <summary>Registers the parked gauge.</summary>
    public OutboxMonitor() =>
        Meter.CreateObservableGauge("cica.outbox.parked", () => _parked.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("service", p.Key))),
            description: "Outbox rows parked (not publishable) waiting for an operator");

    /// <summary>Parked rows per service, as last counted.</summary>
    public IReadOnlyDictionary<string, long> Parked => _parked;

    internal void SetParked(string service, long count) => _parked[service] = count;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = _parked.ToDictionary(p => "parked:" + p.Key, p => (object)p.Value);
        var total = _parked.Values.Sum();
        return Task.FromResult(total == 0
            ? HealthCheckResult.Healthy("no parked outbox rows", data)
            : HealthCheckResult.Degraded($"{total} outbox rows parked: see `Cica.Platform outbox parked list`", data: data));
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cica.Messaging.Outbox;

/// <summary>
/// The outbox relays' figures: counters of published, failed and unroutable publishes, the number
/// of parked rows per service as a gauge (cica.outbox.parked) and a health check detail ("outbox":
/// Degraded while any row is parked), and per service the backlog (cica.outbox.backlog: rows not
/// yet published) and the age of its oldest row (cica.outbox.oldest_age, seconds), read from the
/// outbox table by one cheap query at most once a second.
/// </summary>
public sealed class OutboxMonitor : IHealthCheck
{
    private static readonly Meter Meter = new("Cica.Messaging.Outbox");

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>("cica.outbox.published", description: "Events the relay published and removed from the outbox");
    internal static readonly Counter<long> Failures = Meter.CreateCounter<long>("cica.outbox.publish_failures", description: "Batches that failed on the broker and will be retried");
    internal static readonly Counter<long> Republished = Meter.CreateCounter<long>("cica.outbox.republished", description: "Published rows put back into the outbox because the broker came back without its data");
    internal static readonly Counter<long> Unroutable = Meter.CreateCounter<long>("cica.outbox.unroutable", description: "Publishes the broker returned because no queue is bound; the rows stay in the outbox");

    private readonly ConcurrentDictionary<string, long> _parked = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _waiting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Backlog> _backlogs = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    /// <summary>Registers the gauges.</summary>
    public OutboxMonitor(TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        Meter.CreateObservableGauge("cica.outbox.parked", () => _parked.Select(p => new Measurement<long>(p.Value, Service(p.Key))),
            description: "Outbox rows parked (not publishable) waiting for an operator");
        Meter.CreateObservableGauge("cica.outbox.waiting_for_queues", () => _waiting.Select(w => new Measurement<long>(w.Value.Count, Service(w.Key))),
            unit: "{queue}", description: "Consumer queues the relay waits for before it publishes (a broker back without its data)");
        Meter.CreateObservableGauge("cica.outbox.backlog", () => Readings().Select(b => new Measurement<long>(b.Count, Service(b.Service))),
            unit: "{message}", description: "Outbox rows not yet published");
        Meter.CreateObservableGauge("cica.outbox.oldest_age", () => Readings().Select(b => new Measurement<double>(b.OldestAgeSeconds, Service(b.Service))),
            unit: "s", description: "Age of the oldest outbox row not yet published (0 when none waits)");
    }

    private static KeyValuePair<string, object?> Service(string name) => new("service", name);

    private IEnumerable<(string Service, long Count, double OldestAgeSeconds)> Readings()
    {
        foreach (var (service, backlog) in _backlogs)
            if (backlog.Read(_clock) is { } reading) yield return (service, reading.Count, reading.OldestAgeSeconds);
    }

    /// <summary>
    /// Reports the backlog of <paramref name="service"/>'s outbox, read by <paramref name="read"/>
    /// (rows waiting, created_at of the oldest) at most once a second, off the exporter's thread.
    /// </summary>
    public void TrackBacklog(string service, Func<CancellationToken, Task<(long Count, string? OldestCreatedAt)>> read) =>
        _backlogs[service] = new Backlog(read);

    /// <summary>The backlog of a service as last read (null before the first reading): rows waiting and the age of the oldest, in seconds.</summary>
    public (long Count, double OldestAgeSeconds)? BacklogOf(string service) =>
        _backlogs.TryGetValue(service, out var backlog) ? backlog.Read(_clock) : null;

    /// <summary>Parked rows per service, as last counted.</summary>
    public IReadOnlyDictionary<string, long> Parked => _parked;

    internal void SetParked(string service, long count) => _parked[service] = count;

    /// <summary>Per service, the consumer queues its relay waits for (none while it publishes).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Waiting => _waiting;

    internal void SetWaiting(string service, IReadOnlyList<string> queues) => _waiting[service] = queues;

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = _parked.ToDictionary(p => "parked:" + p.Key, p => (object)p.Value);
        var waiting = _waiting.Where(w => w.Value.Count > 0).ToList();
        foreach (var (service, queues) in waiting) data["waiting:" + service] = string.Join(",", queues);
        var total = _parked.Values.Sum();
        var problems = new List<string>();
        if (total > 0) problems.Add($"{total} outbox rows parked: see `Cica.Platform outbox parked list`");
        problems.AddRange(waiting.Select(w => $"outbox of {w.Key} waiting for consumer queue {string.Join(", ", w.Value)} (declared by its service or the topology deployment)"));
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("no parked outbox rows, no relay waiting", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data));
    }

    // The gauges' callbacks are synchronous and run on the exporter's thread: they answer from the
    // last reading and start a new one when it is older than a second.
    private sealed class Backlog(Func<CancellationToken, Task<(long Count, string? OldestCreatedAt)>> read)
    {
        private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
        private long _count;
        private DateTimeOffset? _oldest;
        private long _readAt = long.MinValue;
        private int _reading;

        public (long Count, double OldestAgeSeconds)? Read(TimeProvider clock)
        {
            var readAt = Interlocked.Read(ref _readAt);
            if ((readAt == long.MinValue || clock.GetElapsedTime(readAt) > MaxAge) && Interlocked.Exchange(ref _reading, 1) == 0)
                _ = RefreshAsync(clock);
            if (readAt == long.MinValue) return null;
            var oldest = _oldest;
            var age = oldest is null ? 0 : Math.Max(0, (clock.GetUtcNow() - oldest.Value).TotalSeconds);
            return (Interlocked.Read(ref _count), age);
        }

        private async Task RefreshAsync(TimeProvider clock)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                var (count, oldest) = await read(timeout.Token);
                Interlocked.Exchange(ref _count, count);
                _oldest = oldest is null ? null : DateTimeOffset.Parse(oldest, System.Globalization.CultureInfo.InvariantCulture);
                Interlocked.Exchange(ref _readAt, clock.GetTimestamp());
            }
            catch (Exception)
            {
                // The database is unreachable or stopping: keep the last reading, try again next time.
            }
            finally
            {
                Interlocked.Exchange(ref _reading, 0);
            }
        }
    }
}

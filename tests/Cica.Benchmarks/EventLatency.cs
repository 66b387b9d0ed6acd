using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cica.CbmCoordination;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Messaging;
using Cica.Messaging.Inbox;
using Cica.Messaging.Outbox;
using Cica.Testing;
using MassTransit;

namespace Cica.Benchmarks;

/// <summary>
/// Issue 13's R6: how long an event takes from the producer's commit to the consumer's inbox commit,
/// at a steady 100 events per second, p50 and p99; and the same for MassTransit alone on the same
/// broker (a bare bus: publish, consume, no database), as its baseline.
///
/// The platform leg runs the real platform in this process (<see cref="PlatformHost"/>) carrying
/// Membership (the producer) and CBM Coordination (whose MemberStateAdmittedConsumer is an inbox
/// consumer), over RabbitMQ. This program writes MemberStateAdmitted for KAZ through Membership's own
/// database (<c>WriteAsync</c> + <c>uow.AddAsync</c>, the outbox path of every write RPC), one event
/// per transaction, and stamps each one when WriteAsync returns: just after COMMIT. The outbox relay
/// publishes it with confirms; CBM's consumer takes it, records its id in inbox_messages and upserts
/// the member state in one transaction, commits, and then counts it on the meter
/// <c>cica.events.consumed</c>: a MeterListener here stamps that moment, just after the inbox
/// COMMIT, and reads the message id from the consume's Activity (MassTransit's trace, which the
/// platform records anyway). Both stamps come from the same Stopwatch in the same process, so no
/// clock skew enters the figure. Events are matched by message id, so reordering cannot hide in it.
/// </summary>
public static class EventLatency
{
    /// <summary>The targets, milliseconds.</summary>
    public const double TargetP50Ms = 5, TargetP99Ms = 15;

    /// <summary>Events per second, steady.</summary>
    public const int Rate = 100;

    private const string ConsumedInstrument = "cica.events.consumed";

    /// <summary>Each round's p50 and p99 (ms) and how many events were timed and lost.</summary>
    public sealed record Result(List<double> P50, List<double> P99, int Timed, int Lost);

    /// <summary>Commit to inbox commit through the platform: <paramref name="rounds"/> rounds of <paramref name="seconds"/> s after one untimed.</summary>
    public static async Task<Result> PlatformAsync(string broker, int rounds, double seconds)
    {
        Report.Heading($"R6 event latency, platform: MemberStateAdmitted, Membership's commit -> CBM's inbox commit, {Rate}/s, {rounds} round(s) of {seconds:F0} s after one untimed");
        var committed = new ConcurrentDictionary<string, long>();
        var consumed = new ConcurrentDictionary<string, long>();
        var unmatched = 0;

        // The consume's Activity carries the message id; make sure MassTransit's source is listened to
        // (the platform does too, for its traces), so there is one whatever the telemetry settings.
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == "MassTransit",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == InboxMetrics.MeterName && instrument.Name == ConsumedInstrument) listener.EnableMeasurementEvents(instrument);
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var tag in tags)
                if (tag is { Key: "cica.inbox.outcome", Value: not "handled" }) return;
            var id = MessageId(Activity.Current);
            if (id is null) Interlocked.Increment(ref unmatched);
            else consumed.TryAdd(id, now);
        });
        meters.Start();

        using var data = new TempDirectory("cica-bench-latency");
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Messaging:RabbitMq"] = broker,
            ["Cica:Services"] = "membership,cbm",
            // CBM's own events (PriorityAreaCreated, …) have no consumer here; the relay keeps them and says so at each retry.
            ["Logging:LogLevel:Default"] = "Error",
        });
        var membership = (MembershipDatabase)host.Services.GetService(typeof(MembershipDatabase))!;
        var cbm = (CbmDatabase)host.Services.GetService(typeof(CbmDatabase))!;
        await cbm.Ready.WaitAsync(TimeSpan.FromMinutes(2));

        var result = new Result([], [], 0, 0);
        for (var round = 0; round <= rounds; round++)   // round 0 untimed: JIT, connections, caches
        {
            committed.Clear();
            consumed.Clear();
            var duration = round == 0 ? Math.Min(seconds, 3) : seconds;
            await PacedAsync(duration, async () =>
            {
                var id = await membership.WriteAsync(uow => uow.AddAsync(Event(), CancellationToken.None), CancellationToken.None);
                committed[id.ToString()] = Stopwatch.GetTimestamp();
            });
            await DrainAsync(() => committed.Keys.All(consumed.ContainsKey));
            if (round == 0)
            {
                if (consumed.IsEmpty) throw new InvalidOperationException($"no event reached CBM's inbox ({unmatched} consumed without a message id on the Activity)");
                continue;
            }
            var latencies = committed.Where(c => consumed.ContainsKey(c.Key))
                .Select(c => Stopwatch.GetElapsedTime(c.Value, consumed[c.Key]).TotalMilliseconds).Order().ToArray();
            var lost = committed.Count - latencies.Length;
            result.P50.Add(Percentile(latencies, 50));
            result.P99.Add(Percentile(latencies, 99));
            result = result with { Timed = result.Timed + latencies.Length, Lost = result.Lost + lost };
            Report.Fact($"round {round}", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{latencies.Length} events, p50 {Percentile(latencies, 50):F2} ms, p99 {Percentile(latencies, 99):F2} ms, max {latencies.LastOrDefault():F2} ms, not consumed {lost}"));
        }
        Report.Fact("consumed without a message id", unmatched.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return result;
    }

    /// <summary>The baseline: a bare MassTransit bus on the same broker, publish (persistent, confirmed) to consume, no database.</summary>
    public static async Task<Result> BareBusAsync(string broker, int rounds, double seconds)
    {
        Report.Heading($"R6 baseline: MassTransit alone, publish -> consume on the same broker, {Rate}/s, {rounds} round(s) of {seconds:F0} s after one untimed");
        var published = new ConcurrentDictionary<long, long>();
        var consumed = new ConcurrentDictionary<long, long>();
        var amqp = new Uri(broker);
        var queue = "cica-bench-latency-" + Guid.NewGuid().ToString("N")[..8];
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(RabbitMqHost.Address(amqp), RabbitMqHost.Configure(amqp));
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<LatencyPing>(context =>
                {
                    consumed.TryAdd(context.Message.Sequence, Stopwatch.GetTimestamp());
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        try
        {
            long sequence = 0;
            var result = new Result([], [], 0, 0);
            for (var round = 0; round <= rounds; round++)
            {
                published.Clear();
                consumed.Clear();
                await PacedAsync(round == 0 ? Math.Min(seconds, 3) : seconds, async () =>
                {
                    var n = Interlocked.Increment(ref sequence);
                    published[n] = Stopwatch.GetTimestamp();   // before Publish: the bare bus's "commit" is handing the message over
                    await bus.Publish(new LatencyPing(n));
                });
                await DrainAsync(() => published.Keys.All(consumed.ContainsKey));
                if (round == 0) continue;
                var latencies = published.Where(p => consumed.ContainsKey(p.Key))
                    .Select(p => Stopwatch.GetElapsedTime(p.Value, consumed[p.Key]).TotalMilliseconds).Order().ToArray();
                result.P50.Add(Percentile(latencies, 50));
                result.P99.Add(Percentile(latencies, 99));
                result = result with { Timed = result.Timed + latencies.Length, Lost = result.Lost + published.Count - latencies.Length };
                Report.Fact($"round {round}", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{latencies.Length} messages, p50 {Percentile(latencies, 50):F2} ms, p99 {Percentile(latencies, 99):F2} ms, max {latencies.LastOrDefault():F2} ms"));
            }
            return result;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>The baseline's message (JSON, MassTransit's default serializer).</summary>
    public sealed record LatencyPing(long Sequence);

    private static MemberStateAdmitted Event() => new()
    {
        CountryCode = "KAZ",
        AccessionDate = new CalendarDate { Year = 1999 },
        OccurredAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    };

    // One call every 1/Rate s on a fixed schedule (a late call does not shift the ones after it), not overlapping.
    private static async Task PacedAsync(double seconds, Func<Task> call)
    {
        var interval = Stopwatch.Frequency / Rate;
        var start = Stopwatch.GetTimestamp();
        var count = (int)(seconds * Rate);
        for (var i = 0; i < count; i++)
        {
            var due = start + i * interval;
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0) await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            await call();
        }
    }

    private static async Task DrainAsync(Func<bool> done)
    {
        var deadline = Stopwatch.GetTimestamp() + 15 * Stopwatch.Frequency;
        while (!done() && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20);
    }

    // MassTransit tags its consume Activity with the message id (OpenTelemetry's messaging.message.id).
    private static string? MessageId(Activity? activity)
    {
        for (var a = activity; a is not null; a = a.Parent)
            foreach (var key in new[] { "messaging.message.id", "messaging.message_id", "messaging.masstransit.message_id" })
                if (a.GetTagItem(key) is { } id) return id.ToString();
        return null;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN
        : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

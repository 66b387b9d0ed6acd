// `dotnet run -c Release --project tests/Cica.Benchmarks -- --events [amqp://guest:guest@127.0.0.1:5672/]`
// (or CICA_TEST_RABBITMQ): how fast the outbox relay drains a backlog of 5,000 rows to RabbitMQ,
// next to raw RabbitMQ.Client publishing the same number of persistent messages with confirms,
// 256 in flight, to the same broker in the same run. A figure, not a test (issue 7: target >= 0.5).
using System.Diagnostics;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Messaging.Outbox;
using Cica.Testing;
using Google.Protobuf;
using RabbitMQ.Client;

namespace Cica.Benchmarks;

/// <summary>The relay's events/s against raw RabbitMQ.Client's.</summary>
public static class EventThroughput
{
    private const int Events = 5_000;
    private const int InFlight = 256;
    private const int Rounds = 3;
    private const string Exchange = "cica.membership.v1.AccessionApplicationSubmitted";

    /// <summary>Runs both measurements and prints them with their ratio.</summary>
    public static async Task RunAsync(string[] args)
    {
        var broker = args.FirstOrDefault(a => a.StartsWith("amqp", StringComparison.Ordinal))
            ?? Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ")
            ?? "amqp://guest:guest@127.0.0.1:5672/";
        Console.WriteLine($"Cica.Benchmarks --events: {Report.Count(Events)} events to {new Uri(broker).Host}:{new Uri(broker).Port}");
        Report.Fact("load average at start", Report.LoadAverage());
#if DEBUG
        Report.Fact("WARNING", "Debug build: run with -c Release for figures worth quoting");
#endif
        var payload = new AccessionApplicationSubmitted { CountryCode = "ZWE", SubmittedOn = new() { Year = 2023, Month = 1, Day = 9 } }.ToByteArray();

        // The queue both runs fill (mandatory publishing needs one), emptied between them.
        await using var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        await using (var setup = await connection.CreateChannelAsync())
        {
            await setup.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true);
            await setup.QueueDeclareAsync("bench-events", durable: true, exclusive: false, autoDelete: false);
            await setup.QueueBindAsync("bench-events", Exchange, "");
            await setup.QueuePurgeAsync("bench-events");
        }

        // The relay: a platform carrying Membership in this process.
        using var data = new TempDirectory("cica-bench-events");
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Messaging:RabbitMq"] = broker,
            ["Cica:Services"] = "membership",
        });
        var database = (MembershipDatabase)host.Services.GetService(typeof(MembershipDatabase))!;
        await WaitForEmptyAsync(database); // the seed's own events

        // Both sides once untimed (a fresh process runs tier-0 code at first: the rounds measure the
        // steady state, as a long-running relay is), then interleaved rounds; medians.
        await RawAsync(connection, payload, 1_000);
        await RelayAsync(database, payload, 1_000);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var publisher = (IEventPublisher)host.Services.GetService(typeof(IEventPublisher))!;
        await MassTransitAsync(publisher, payload, 1_000);
        var rows = new List<(double Raw, double Relay, double Drain, double MassTransit)>();
        for (var round = 1; round <= Rounds; round++)
        {
            var raw = await RawAsync(connection, payload, Events);
            await using (var purge = await connection.CreateChannelAsync()) await purge.QueuePurgeAsync("bench-events");
            var massTransit = Events / (await MassTransitAsync(publisher, payload, Events)).TotalSeconds;
            await using (var purge = await connection.CreateChannelAsync()) await purge.QueuePurgeAsync("bench-events");
            var (total, committed) = await RelayAsync(database, payload, Events);
            await using (var purge = await connection.CreateChannelAsync()) await purge.QueuePurgeAsync("bench-events");
            var rawRate = Events / raw.TotalSeconds;
            var relayRate = Events / total.TotalSeconds;
            // The relay starts as the backlog commits; its own rate is the drain after that commit (the
            // commit is 5,000 INSERTs by the benchmark, which raw RabbitMQ.Client has no counterpart of).
            var drainRate = Events / (total - committed).TotalSeconds;
            rows.Add((rawRate, relayRate, drainRate, massTransit));
            Report.Fact($"round {round}", string.Create(invariant,
                $"raw {rawRate:F0}/s; relay {relayRate:F0}/s ({relayRate / rawRate:F2}), after the backlog's commit ({Report.Seconds(committed)}) {drainRate:F0}/s ({drainRate / rawRate:F2}); the relay's publisher alone {massTransit:F0}/s ({massTransit / rawRate:F2})"));
        }
        double Median(IEnumerable<double> v) => v.Order().ElementAt(Rounds / 2);
        Report.Fact("raw RabbitMQ.Client", $"{Report.Count((long)Median(rows.Select(r => r.Raw)))} events/s (median of {Rounds} rounds)");
        Report.Fact("outbox relay (5,000-row backlog)", $"{Report.Count((long)Median(rows.Select(r => r.Relay)))} events/s (commit of the backlog included)");
        Report.Fact("relay / raw", Median(rows.Select(r => r.Relay / r.Raw)).ToString("F2", invariant) + " (target >= 0.5); drain after the commit / raw "
            + Median(rows.Select(r => r.Drain / r.Raw)).ToString("F2", invariant));
        Report.Fact("the relay's publisher alone", Median(rows.Select(r => r.MassTransit / r.Raw)).ToString("F2", invariant)
            + " of raw (MassTransit, mandatory, 256 in flight, no outbox: the ceiling of a relay that publishes through it)");
        await using (var purge = await connection.CreateChannelAsync()) await purge.QueueDeleteAsync("bench-events");
    }

    // The relay's own publisher (MassTransit, mandatory, confirms) without the outbox: 256 in flight, as the relay publishes a batch.
    private static async Task<TimeSpan> MassTransitAsync(IEventPublisher publisher, byte[] payload, int events)
    {
        var elapsed = Stopwatch.StartNew();
        var pending = new List<Task>(InFlight);
        for (var i = 0; i < events; i++)
        {
            pending.Add(publisher.PublishAsync(new OutboxMessage(i, Guid.NewGuid().ToString(), Exchange, payload, null, null), default));
            if (pending.Count == InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
        return elapsed.Elapsed;
    }

    // Raw RabbitMQ.Client: persistent, confirms tracked by the client, 256 in flight.
    private static async Task<TimeSpan> RawAsync(IConnection connection, byte[] payload, int events)
    {
        var raw = Stopwatch.StartNew();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var pending = new List<Task>(InFlight);
        for (var i = 0; i < events; i++)
        {
            var properties = new BasicProperties { MessageId = Guid.NewGuid().ToString(), ContentType = "application/x-protobuf", DeliveryMode = DeliveryModes.Persistent };
            pending.Add(channel.BasicPublishAsync(Exchange, "", mandatory: true, properties, payload).AsTask());
            if (pending.Count == InFlight)
            {
                await Task.WhenAll(pending);
                pending.Clear();
            }
        }
        await Task.WhenAll(pending);
        return raw.Elapsed;
    }

    // A backlog committed at once, drained by the relay: the time to an empty outbox, and the commit's share of it.
    private static async Task<(TimeSpan Total, TimeSpan Committed)> RelayAsync(MembershipDatabase database, byte[] payload, int events)
    {
        var relay = Stopwatch.StartNew();
        await database.WriteAsync(async uow =>
        {
            for (var i = 0; i < events; i++) await uow.AddAsync(AccessionApplicationSubmitted.Parser.ParseFrom(payload), default);
        }, default);
        var committed = relay.Elapsed;
        await WaitForEmptyAsync(database);
        return (relay.Elapsed, committed);
    }

    private static async Task WaitForEmptyAsync(MembershipDatabase database)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (await database.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'cica.membership.v1.AccessionApplicationSubmitted'") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the outbox did not drain in 5 minutes");
            await Task.Delay(10);
        }
    }
}

// `dotnet run -c Release --project tests/Cica.Benchmarks -- --events [amqp://guest:guest@127.0.0.1:5672/]`
// (or CICA_TEST_RABBITMQ): how fast the outbox relay drains a backlog of 20,000 rows to RabbitMQ,
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
    // 20,000: a round of 5,000 lasted 0.2-0.5 s, short enough for one stall of the shared machine to
    // swing it by half, and the relay's code was still partly unoptimised (tier-0 JIT) in the rounds.
    /// <summary>Events per round.</summary>
    public const int Events = 20_000;
    private const int InFlight = 256;
    private const string Exchange = "cica.membership.v1.AccessionApplicationSubmitted";

    /// <summary>Runs both measurements once and prints them with their ratio.</summary>
    public static async Task RunAsync(string[] args)
    {
        var broker = args.FirstOrDefault(a => a.StartsWith("amqp", StringComparison.Ordinal))
            ?? Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ")
            ?? "amqp://guest:guest@127.0.0.1:5672/";
        await MeasureAsync(broker, rounds: 1, Events);
    }

    /// <summary>Each round's events/s: raw RabbitMQ.Client, then the relay, interleaved.</summary>
    public sealed record Result(List<double> Raw, List<double> Relay);

    /// <summary>
    /// <paramref name="rounds"/> interleaved rounds (raw publish, then the relay draining a backlog)
    /// of <paramref name="events"/> events each, after one untimed round of each.
    /// </summary>
    public static async Task<Result> MeasureAsync(string broker, int rounds, int events)
    {
        Console.WriteLine($"Cica.Benchmarks --events: {Report.Count(events)} events to {new Uri(broker).Host}:{new Uri(broker).Port}, {rounds} round(s) after one untimed");
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

        // The relay: a platform carrying Membership (its seed's own events drained first).
        using var data = new TempDirectory("cica-bench-events");
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Messaging:RabbitMq"] = broker,
            ["Cica:Services"] = "membership",
        });
        var database = (MembershipDatabase)host.Services.GetService(typeof(MembershipDatabase))!;
        await WaitForEmptyAsync(database);

        var result = new Result([], []);
        for (var round = 0; round <= rounds; round++)   // round 0 untimed (JIT, connections)
        {
            // 1. Raw RabbitMQ.Client: persistent, confirms tracked by the client, 256 in flight.
            var raw = Stopwatch.StartNew();
            await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
            {
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
            }
            raw.Stop();
            var rawRate = events / raw.Elapsed.TotalSeconds;
            await using (var purge = await connection.CreateChannelAsync()) await purge.QueuePurgeAsync("bench-events");

            // 2. The relay: a backlog of `events` rows committed at once, timed from that commit (the
            //    backlog exists; writing it is the write path's cost, R3) until the outbox is empty.
            var commit = Stopwatch.StartNew();
            await database.WriteAsync(async uow =>
            {
                for (var i = 0; i < events; i++) await uow.AddAsync(AccessionApplicationSubmitted.Parser.ParseFrom(payload), default);
            }, default);
            var committed = commit.Elapsed;
            var relay = Stopwatch.StartNew();
            await WaitForEmptyAsync(database);
            relay.Stop();
            var relayRate = events / relay.Elapsed.TotalSeconds;
            await using (var purge = await connection.CreateChannelAsync()) await purge.QueuePurgeAsync("bench-events");

            var label = round == 0 ? "untimed" : $"round {round}";
            Report.Fact(label, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"raw {rawRate:F0} events/s ({Report.Seconds(raw.Elapsed)}), relay {relayRate:F0} events/s ({Report.Seconds(relay.Elapsed)} from the backlog's commit, which took {committed.TotalMilliseconds:F0} ms), relay/raw {relayRate / rawRate:F2} (target >= 0.5)"));
            if (round == 0) continue;
            result.Raw.Add(rawRate);
            result.Relay.Add(relayRate);
        }
        await using (var purge = await connection.CreateChannelAsync()) await purge.QueueDeleteAsync("bench-events");
        return result;
    }

    private static async Task WaitForEmptyAsync(MembershipDatabase database)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        // EXISTS, not COUNT(*): polled every 10 ms on the relay's two cores, a count of the whole backlog would slow what it measures.
        while (await database.QuerySingleOrDefaultAsync<long>("SELECT EXISTS (SELECT 1 FROM outbox_messages WHERE message_type = 'cica.membership.v1.AccessionApplicationSubmitted' AND published_at IS NULL)") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the outbox did not drain in 5 minutes");
            await Task.Delay(10);
        }
    }
}

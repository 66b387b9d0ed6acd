using Cica.Testing;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cica.FaultInjection;

/// <summary>The faults of issue 13, each injected during the stream of accessions.</summary>
public static class Faults
{
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(1);

    /// <summary>Every fault, in the order the command runs them.</summary>
    public static IReadOnlyList<Fault> All { get; } =
    [
        new("broker-kill", "kill -9 RabbitMQ, restart it with its data", false, async (_, _) =>
        {
            await RabbitMqBroker.CrashAsync();
            await Task.Delay(Down);
            await RabbitMqBroker.StartAsync();
        }),

        new("broker-wipe", "kill -9 RabbitMQ, restart it without its data, redeploy the topology", false, async (suite, _) =>
        {
            await RabbitMqBroker.CrashAsync();
            await RabbitMqBroker.WipeAsync(suite.Broker); // mnesia deleted: no queue, exchange or message survives; the vhost is made again
            await suite.DeployTopologyAsync();
        }),

        new("producer-kill", "kill -9 Membership (the producer) with a non-empty outbox, restart it", false, async (suite, context) =>
        {
            var rows = await KillWithOutboxAsync(suite[Suite.Membership], suite.DatabaseOf(Suite.Membership), context);
            context.Notes.Add($"{rows} rows in the outbox at kill -9");
            await Task.Delay(Down);
            await suite.StartServiceAsync(Suite.Membership);
        }),

        new("consumer-kill", "kill -9 CBM (a consumer) holding unacknowledged deliveries, restart it", false, async (suite, context) =>
        {
            // Frozen first, so the broker's deliveries (up to the prefetch) wait unacknowledged in it.
            var cbm = suite["cbm"];
            cbm.Pause();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await cbm.KillAsync();
            context.Notes.Add("CBM frozen (SIGSTOP) 1.5 s during the stream, then kill -9");
            await Task.Delay(Down);
            await suite.StartServiceAsync("cbm");
        }),

        new("two-producers", "two instances of Membership on one database, the driver alternating", false, (_, context) =>
        {
            context.Notes.Add("both relays share one outbox (lease)");
            return Task.CompletedTask;
        })
        {
            Prepare = async (suite, context) =>
            {
                var second = await suite.StartSecondInstanceAsync(Suite.Membership, Suite.FreeAddress());
                context.Extra.Add(second);
                context.Producers.Add(() => suite.ChannelTo(second.Address));
            },
            Cleanup = async (_, context) =>
            {
                foreach (var extra in context.Extra) await extra.StopAsync();
            },
        },

        new("platform-kill", "kill -9 the one-process platform (in-memory bus), restart it", true, async (suite, context) =>
        {
            var rows = await KillWithOutboxAsync(suite[Suite.Membership], suite.DatabaseOf(Suite.Membership), context);
            context.Notes.Add($"{rows} rows in Membership's outbox at kill -9 (published ones kept until handled)");
            await Task.Delay(Down);
            await suite.StartServiceAsync("all");
        }),

        new("gateway-restart", "kill -9 the gateway while a client follows the feed, restart it", false, async (suite, context) =>
        {
            await suite.KillAsync(Suite.Gateway);
            await Task.Delay(Down);
            await suite.StartServiceAsync(Suite.Gateway);
            context.Notes.Add("the feed client resumes with its cursor");
        }),
    ];

    /// <summary>The faults of the shortened run inside the test command.</summary>
    public static IReadOnlyList<string> Quick { get; } = ["broker-kill", "producer-kill", "consumer-kill"];

    /// <summary>
    /// kill -9 at a moment the outbox holds rows: the process is frozen (SIGSTOP), its file read (it
    /// can change nothing meanwhile) and killed if rows are there, or let go and tried again a
    /// moment later. Returns the rows the outbox held (0 if the stream never left any).
    /// </summary>
    private static async Task<long> KillWithOutboxAsync(PlatformProcess producer, string database, FaultContext context)
    {
        long rows = 0;
        var attempts = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            attempts++;
            producer.Pause();
            rows = await OutboxRowsAsync(database);
            if (rows > 0) break;
            producer.Resume();
            await Task.Delay(Random.Shared.Next(2, 15));
        }
        await producer.KillAsync();
        context.Log($"killed after {clock.Elapsed.TotalSeconds:F1} s, {attempts} freezes, {rows} outbox rows");
        return rows;
    }

    private static async Task<long> OutboxRowsAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE published_at IS NULL");
    }
}

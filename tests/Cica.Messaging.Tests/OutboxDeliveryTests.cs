using Cica.Membership;
using Cica.Messaging.Tests.Ledger;
using Cica.Testing;
using RabbitMQ.Client;

namespace Cica.Messaging.Tests;

/// <summary>No committed event is lost: not while the broker is down, not when the service is killed.</summary>
[Collection(BrokerCollection.Name)]
public sealed class OutboxDeliveryTests
{
    private const string Submitted = "cica.membership.v1.AccessionApplicationSubmitted";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Changes_committed_while_the_broker_is_down_are_all_delivered_after_it_restarts_and_a_redelivery_changes_nothing()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var platform = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string> { ["Messaging:RabbitMq"] = broker });
        await using var ledger = await LedgerService.StartAsync(data.Path, broker, membershipUser: "guest"); // the platform in one process publishes as guest
        await using var bound = await EventQueue.BindAsync(broker, Submitted, "test-outage-observer"); // durable: keeps what arrives
        await WaitForEmptyOutboxAsync(platform); // the seed's own events are out before the outage

        var countries = Applicants.Take(200);
        await RabbitMqBroker.StopAsync();
        try
        {
            await Applicants.SubmitAsync(platform.Channel, countries); // all 200 commit with no broker
            Assert.Equal(200, await OutboxCountAsync(platform));
        }
        finally
        {
            await RabbitMqBroker.StartAsync();
        }

        await using var observer = await EventQueue.BindAsync(broker, Submitted, "test-outage-observer");
        await observer.StartConsumingAsync();
        await observer.WaitForAsync(200, Patience);
        await ledger.WaitForConsumedAsync(200, Patience);
        await WaitForEmptyOutboxAsync(platform);

        var ids = observer.Received.Select(m => m.MessageId).Distinct().Count();
        Assert.Equal(200, ids);
        var counts = await ledger.CountsAsync();
        Assert.Equal(countries.Order(), counts.Keys.Order());
        Assert.All(counts.Values, times => Assert.Equal(1, times));

        // The broker hands the ledger one of those events again (same message id, same bytes).
        var consumedBefore = ledger.Consumed;
        await RedeliverAsync(broker, observer.Received[0]);
        await ledger.WaitForConsumedAsync(consumedBefore + 1, Patience);
        Assert.Equal(counts, await ledger.CountsAsync());
    }

    [Fact]
    public async Task Events_committed_before_a_kill_9_are_published_after_the_restart()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var observer = await EventQueue.BindAsync(broker, Submitted, "test-kill-observer");
        await observer.StartConsumingAsync();
        var countries = Applicants.Take(20);

        // First life: the broker is unreachable, so the relay can publish nothing; then SIGKILL.
        var unreachable = $"amqp://guest:guest@127.0.0.1:{PlatformProcess.ClosedPort()}/";
        // Membership alone: CBM Coordination could not start without the broker (its seed waits for Membership's events).
        await using (var first = await PlatformProcess.StartAsync(data.Path, new Dictionary<string, string> { ["Messaging:RabbitMq"] = unreachable, ["Cica:Services"] = "membership" }))
        {
            await Applicants.SubmitAsync(first.Channel, countries);
            await first.KillAsync();
        }
        var waiting = await Applicants.OutboxTypesAsync(data.Path);
        Assert.Equal(20, waiting.Count(t => t == Submitted));

        // Second life, same files, broker reachable: the committed events go out.
        await using var second = await PlatformProcess.StartAsync(data.Path, new Dictionary<string, string> { ["Messaging:RabbitMq"] = broker, ["Cica:Services"] = "membership" });
        await observer.WaitForAsync(20, Patience);
        Assert.Equal(20, observer.Received.Select(m => m.MessageId).Distinct().Count());
    }

    private static async Task RedeliverAsync(string broker, BasicDeliverEventArgsCopy message)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(broker);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            MessageId = message.MessageId,
            ContentType = "application/x-protobuf",
            Headers = message.Headers,
            DeliveryMode = DeliveryModes.Persistent,
            UserId = "guest", // the platform's publisher here: the ledger takes the copy as genuine, and its inbox drops it
        };
        await channel.BasicPublishAsync(Submitted, "", mandatory: false, properties, message.Body);
    }

    private static async Task<int> OutboxCountAsync(PlatformHost platform)
    {
        var database = (MembershipDatabase)platform.Services.GetService(typeof(MembershipDatabase))!;
        return await database.QuerySingleOrDefaultAsync<int>("SELECT COUNT(*) FROM outbox_messages WHERE published_at IS NULL"); // published rows are kept a while
    }

    private static async Task WaitForEmptyOutboxAsync(PlatformHost platform)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await OutboxCountAsync(platform) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the outbox did not drain");
            await Task.Delay(100);
        }
    }
}

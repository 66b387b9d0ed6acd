using Cica.Messaging.Operations;
using Cica.Messaging.Tests.Ledger;
using Cica.Testing;
using RabbitMQ.Client;

namespace Cica.Messaging.Tests;

/// <summary>Messages that outlast a consumer's in-process retries wait in its _error queue until an operator re-drives them.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ErrorQueueTests
{
    private const string Queue = "test-ledger";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_message_that_failed_every_retry_is_re_driven_from_the_error_queue_and_applied_exactly_once()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        var country = Applicants.Take(1)[0];
        LedgerConsumer.Failing[country] = true;
        try
        {
            await using var ledger = await LedgerService.StartAsync(data.Path, broker);
            await using var platform = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
            {
                ["Messaging:RabbitMq"] = RabbitMqBroker.As("membership", broker), // the ledger (guest) is not the publisher
                ["Cica:Services"] = "membership",
            });
            await Applicants.SubmitAsync(platform.Channel, [country]);

            // Every in-process retry fails: the message moves to the _error queue, nothing is applied.
            await Eventually.HoldsAsync(async () => await DepthAsync(broker, Queue + "_error") == 1, Patience, "the message reaches test-ledger_error");
            Assert.False((await ledger.CountsAsync()).ContainsKey(country));
            var listed = new StringWriter();
            await ErrorQueue.ListAsync(broker, Queue, listed);
            Assert.Contains("1 in test-ledger_error", listed.ToString());
            Assert.Equal(1u, await DepthAsync(broker, Queue + "_error")); // listing leaves it there

            // The bug is fixed; the operator re-drives the queue, twice by mistake.
            LedgerConsumer.Failing.TryRemove(country, out _);
            var consumedBefore = ledger.Consumed;
            var first = new StringWriter();
            var second = new StringWriter();
            await ErrorQueue.RedriveAsync(broker, Queue, first);
            await ErrorQueue.RedriveAsync(broker, Queue, second);
            Assert.Contains("1 re-driven", first.ToString());
            Assert.Contains("0 re-driven", second.ToString());

            await ledger.WaitForConsumedAsync(consumedBefore + 1, Patience);
            Assert.Equal(1, (await ledger.CountsAsync())[country]);
            Assert.Equal(0u, await DepthAsync(broker, Queue + "_error"));
        }
        finally
        {
            LedgerConsumer.Failing.TryRemove(country, out _);
        }
    }

    private static async Task<uint> DepthAsync(string broker, string queue)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(broker);
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0; // not declared yet
        }
    }
}

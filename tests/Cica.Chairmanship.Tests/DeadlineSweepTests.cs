using Cica.Contracts.Chairmanship.V1;
using Cica.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cica.Chairmanship.Tests;

/// <summary>
/// The procedure concludes exactly once: also when the service was down at the deadline (it
/// concludes on start-up), and when two instances run against the same database.
/// </summary>
public sealed class DeadlineSweepTests
{
    [Fact]
    public async Task A_deadline_that_passed_while_the_service_was_down_is_concluded_at_start_up()
    {
        using var data = new TempDirectory("cica-chair-test");
        var clock = new SetClock(Seeded.BeforeDeadline);
        // A poll far longer than the test: only the start-up sweep can conclude it.
        var settings = Seeded.Settings(("Chairmanship:SilenceSweep:PollInterval", "01:00:00"));
        await using (var first = await Seeded.StartAsync(data.Path, clock, settings))
            Assert.Equal(DecisionState.UnderSilence, (await first.DecisionAsync(Seeded.Draft8)).State);

        clock.Now = Seeded.AfterDeadline;
        await using var second = await Seeded.StartAsync(data.Path, clock, settings);
        var draft8 = await Seeded.UntilAsync(() => second.DecisionAsync(Seeded.Draft8), d => d.State != DecisionState.UnderSilence, "the start-up sweep");
        Assert.Equal(DecisionState.ApprovedAndRecommended, draft8.State);
        Assert.Equal(DecisionState.Superseded, (await second.DecisionAsync(Seeded.Draft7)).State);
    }

    [Fact]
    public async Task Two_instances_on_one_database_conclude_the_procedure_once()
    {
        using var chairData = new TempDirectory("cica-chair-test");
        using var membershipData = new TempDirectory("cica-membership-test");
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        var clock = new SetClock(Seeded.BeforeDeadline);
        Dictionary<string, string> Only(string service) => Seeded.Settings(("Messaging:RabbitMq", RabbitMqBroker.As(service, broker)), ("Cica:Services", service));

        await using var concluded = await EventQueue.BindAsync(broker, "cica.chairmanship.v1.SilenceProcedureConcluded", "test-concluded-" + Guid.NewGuid().ToString("N"));
        await using var superseded = await EventQueue.BindAsync(broker, "cica.chairmanship.v1.DecisionSuperseded", "test-superseded-" + Guid.NewGuid().ToString("N"));
        await concluded.StartConsumingAsync();
        await superseded.StartConsumingAsync();

        // The first instance declares its queues, then Membership announces the member states it waits for.
        await using var first = await Seeded.StartAsync(chairData.Path, clock, Only("chairmanship"), waitUntilServing: false);
        await WaitForConsumerAsync(broker, "chairmanship-member-state-admitted");
        await using var membership = await Seeded.StartAsync(membershipData.Path, clock, Only("membership"));
        await first.WaitUntilServingAsync();
        await using var second = await Seeded.StartAsync(chairData.Path, clock, Only("chairmanship"));

        clock.Now = Seeded.AfterDeadline;
        await concluded.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2)); // both sweepers have looked several times since
        Assert.Single(concluded.Received);
        await superseded.WaitForAsync(1, TimeSpan.FromSeconds(30));
        Assert.Single(superseded.Received);
        Assert.Equal(DecisionState.ApprovedAndRecommended, (await first.DecisionAsync(Seeded.Draft8)).State);
        Assert.Equal(DecisionState.ApprovedAndRecommended, (await second.DecisionAsync(Seeded.Draft8)).State);
    }

    private static async Task WaitForConsumerAsync(string broker, string queue)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(broker);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if ((await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount > 0) return;
            }
            catch (OperationInterruptedException) when (DateTime.UtcNow < deadline) { /* not declared yet */ }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"No consumer on {queue}.");
            await Task.Delay(100);
        }
    }
}

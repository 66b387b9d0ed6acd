using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Messaging.Operations;
using Cica.Messaging.Tests.Ledger;
using Cica.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Cica.Messaging.Tests;

/// <summary>
/// Issue 7 on the real RabbitMQ: an empty broker, a late consumer, a poison row, two relays on one
/// database, and the crash window between the broker's confirm and the row's delete.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class DeliveryTests
{
    private const string Submitted = "cica.membership.v1.AccessionApplicationSubmitted";
    private const string Admitted = "cica.membership.v1.MemberStateAdmitted";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static Dictionary<string, string> MembershipOn(string broker) => new()
    {
        ["Messaging:RabbitMq"] = RabbitMqBroker.As("membership", broker),
        ["Cica:Services"] = "membership",
    };

    [Fact]
    public async Task A_broker_restarted_empty_mid_stream_loses_no_event()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var ledger = await LedgerService.StartAsync(data.Path, broker);
        await using var platform = await PlatformHost.StartAsync(data.Path, MembershipOn(broker));
        var countries = Applicants.Take(90);

        await Applicants.SubmitAsync(platform.Channel, countries.Take(45));
        await RabbitMqBroker.WipeAsync(broker); // no queue, exchange or binding survives: only the vhost is made again
        await Applicants.SubmitAsync(platform.Channel, countries.Skip(45));

        var deadline = DateTime.UtcNow + Patience;
        Dictionary<string, int> counts;
        while ((counts = await ledger.CountsAsync()).Count < countries.Count && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(countries.Order(), counts.Keys.Order());
        Assert.All(counts.Values, times => Assert.Equal(1, times));
    }

    [Fact]
    public async Task A_consumer_service_started_after_the_publisher_published_gets_every_event_once_the_topology_is_deployed()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();

        // The deployment step: every exchange, queue and binding of every service, then exit.
        var (exit, output) = await PlatformCommand.RunAsync(data.Path, ["--Messaging:RabbitMq=" + broker, "--Messaging:DeployTopologyOnly=true"], Patience);
        Assert.True(exit == 0, output);
        Assert.Contains("Topology deployed", output);
        await using (var connection = await RabbitMqBroker.ConnectAsync(broker))
        await using (var channel = await connection.CreateChannelAsync())
            Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync("cbm-member-state-admitted")).MessageCount);

        // Membership alone publishes its seed's admissions and one more; CBM is not running.
        using var membershipData = new TempDirectory();
        await using (var membership = await PlatformProcess.StartAsync(membershipData.Path, MembershipOn(broker)))
        {
            await new MembershipService.MembershipServiceClient(membership.Channel).AdmitMemberStateAsync(new AdmitMemberStateRequest
            {
                Name = "accessionApplications/KWT-2022",
                Decision = new() { Body = Cica.Contracts.Common.V1.DecisionBody.Summit, Date = new() { Year = 2022, Month = 10, Day = 13 } },
            }, Callers.Secretariat);
            await WaitUntilAsync(async () => (await CountAsync(membershipData.Path, "membership", "SELECT COUNT(*) FROM outbox_messages WHERE message_type = 'cica.membership.v1.MemberStateAdmitted' AND published_at IS NULL")) == 0);
        }
        var admitted = await QueueDepthAsync(broker, "cbm-member-state-admitted");
        Assert.True(admitted >= 2, $"{admitted} admissions waiting in CBM's queue");

        // CBM starts later and gets every one of them.
        using var cbmData = new TempDirectory();
        await using var cbm = await PlatformProcess.StartAsync(cbmData.Path, new Dictionary<string, string> { ["Messaging:RabbitMq"] = RabbitMqBroker.As("cbm", broker), ["Cica:Services"] = "cbm" });
        await WaitUntilAsync(async () => await CountAsync(cbmData.Path, "cbm", "SELECT COUNT(*) FROM inbox_messages") == admitted);
        Assert.Equal(0u, await QueueDepthAsync(broker, "cbm-member-state-admitted"));
        Assert.Equal(1, await CountAsync(cbmData.Path, "cbm", "SELECT COUNT(*) FROM known_member_states WHERE country_code = 'KWT'"));
    }

    [Fact]
    public async Task A_poison_row_is_parked_with_its_reason_and_the_30_events_behind_it_arrive_and_a_parked_row_redriven_arrives_once()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var observer = await EventQueue.BindAsync(broker, Submitted, "test-poison-observer");
        await observer.StartConsumingAsync();
        await using var platform = await PlatformHost.StartAsync(data.Path, MembershipOn(broker));
        var database = (MembershipDatabase)platform.Services.GetService(typeof(MembershipDatabase))!;

        await database.WriteAsync(uow => uow.ExecuteAsync(
            """
            INSERT INTO outbox_messages (message_id, message_type, payload, created_at)
            VALUES (@MessageId, 'cica.retired.v1.SomethingForgotten', @Payload, @CreatedAt)
            """, new { MessageId = Guid.NewGuid().ToString(), Payload = new byte[] { 1, 2, 3 }, CreatedAt = DateTimeOffset.UtcNow.ToString("O") }), default);
        await Applicants.SubmitAsync(platform.Channel, Applicants.Take(30));

        await observer.WaitForAsync(30, Patience);
        await WaitUntilAsync(async () => (await ParkedOutbox.ListAsync(database, default)).Count > 0);
        var parked = await ParkedOutbox.ListAsync(database, default);
        var poison = Assert.Single(parked);
        Assert.Equal("cica.retired.v1.SomethingForgotten", poison.MessageType);
        Assert.Contains("no contract", poison.Reason);

        // A good event parked (as after a long time unroutable) and re-driven twice arrives once.
        var redriven = Guid.NewGuid().ToString();
        var payload = new AccessionApplicationSubmitted { CountryCode = "ZWE" };
        await database.WriteAsync(uow => uow.ExecuteAsync(
            """
            INSERT INTO outbox_parked (sequence, message_id, message_type, payload, created_at, parked_at, attempts, reason)
            VALUES (-1, @MessageId, @MessageType, @Payload, @Now, @Now, 0, 'test')
            """, new { MessageId = redriven, MessageType = Submitted, Payload = Google.Protobuf.MessageExtensions.ToByteArray(payload), Now = DateTimeOffset.UtcNow.ToString("O") }), default);
        Assert.True(await ParkedOutbox.RedriveAsync(database, -1, default));
        Assert.False(await ParkedOutbox.RedriveAsync(database, -1, default));
        await observer.WaitForAsync(m => m.MessageId == redriven, Patience);
        await Task.Delay(1000);
        Assert.Single(observer.Received, m => m.MessageId == redriven);
        Assert.Equal(31, observer.Received.Count);
    }

    [Fact]
    public async Task Two_relays_on_one_database_publish_each_row_once()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var probe = await EventQueue.BindAsync(broker, Submitted, "test-two-relays-probe");
        await probe.StartConsumingAsync();
        await using var first = await PlatformHost.StartAsync(data.Path, MembershipOn(broker));
        await using var second = await PlatformHost.StartAsync(data.Path, MembershipOn(broker));

        var countries = Applicants.Take(60);
        await Task.WhenAll(
            Applicants.SubmitAsync(first.Channel, countries.Where((_, i) => i % 2 == 0)),
            Applicants.SubmitAsync(second.Channel, countries.Where((_, i) => i % 2 == 1)));

        await probe.WaitForAsync(60, Patience);
        await Task.Delay(TimeSpan.FromSeconds(6)); // past a poll of both relays: a duplicate would have come
        Assert.Equal(60, probe.Received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(60, probe.Received.Count);
    }

    [Fact]
    public async Task The_crash_between_confirm_and_delete_republishes_the_same_message_id_and_the_consumer_applies_it_once()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var ledger = await LedgerService.StartAsync(data.Path, broker);
        await using var observer = await EventQueue.BindAsync(broker, Submitted, "test-window-observer");
        await observer.StartConsumingAsync();
        var country = Applicants.Take(1)[0];

        var faulty = MembershipOn(broker);
        faulty["Messaging:Outbox:FaultAfterConfirm"] = "exit";
        faulty["Messaging:Outbox:FaultAfterConfirmOf"] = Submitted;
        await using (var first = await PlatformProcess.StartAsync(data.Path, faulty))
        {
            try
            {
                await Applicants.SubmitAsync(first.Channel, [country]);
            }
            catch (RpcException) { /* the process may die before it answers: the write committed either way */ }
            await WaitUntilAsync(async () =>
            {
                try { await HealthProbe.StatusAsync(first.Channel); return false; }
                catch (RpcException) { return true; }
            });
            Assert.Contains("FaultAfterConfirm", first.Output);
        }

        // The window was hit: the broker has the event and the row is still in the outbox.
        Assert.Equal([Submitted], (await Applicants.OutboxTypesAsync(data.Path)).Where(t => t == Submitted));
        var sent = await observer.WaitForAsync(_ => true, Patience);

        await using var second = await PlatformProcess.StartAsync(data.Path, MembershipOn(broker));
        await observer.WaitForAsync(2, Patience);
        Assert.All(observer.Received, m => Assert.Equal(sent.MessageId, m.MessageId));
        await ledger.WaitForConsumedAsync(2, Patience);
        Assert.Equal(new Dictionary<string, int> { [country] = 1 }, await ledger.CountsAsync());
        await WaitUntilAsync(async () => (await Applicants.OutboxTypesAsync(data.Path)).All(t => t != Submitted));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in time");
            await Task.Delay(200);
        }
    }

    private static async Task<uint> QueueDepthAsync(string broker, string queue)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(broker);
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private static async Task<long> CountAsync(string dataDirectory, string service, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, service + ".db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            return -1; // not created yet
        }
    }
}

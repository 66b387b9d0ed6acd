using System.Text;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Messaging.Outbox;
using Cica.Messaging.Tests.Ledger;
using Cica.Testing;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Cica.Messaging.Tests;

/// <summary>
/// On RabbitMQ the outbox relay publishes through RabbitMQ.Client directly (RabbitMqEventPublisher),
/// not through MassTransit: what it sends must still be what MassTransit's consumers take.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class RabbitMqEventPublisherTests
{
    private const string Submitted = "cica.membership.v1.AccessionApplicationSubmitted";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static Dictionary<string, string> MembershipOn(string broker) => new()
    {
        ["Messaging:RabbitMq"] = RabbitMqBroker.As("membership", broker),
        ["Cica:Services"] = "membership",
    };

    [Fact]
    public async Task An_event_the_relay_publishes_is_applied_by_a_MassTransit_consumer_with_the_outbox_row_s_message_id_and_Membership_s_broker_user()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        // The ledger is a MassTransit inbox consumer that takes Membership's events only from cica-membership.
        await using var ledger = await LedgerService.StartAsync(data.Path, broker);
        await using var observer = await EventQueue.BindAsync(broker, Submitted, "test-wire-observer");
        await observer.StartConsumingAsync();
        await using var platform = await PlatformHost.StartAsync(data.Path, MembershipOn(broker));
        Assert.IsType<RabbitMqEventPublisher>(platform.Services.GetService(typeof(IEventPublisher)));
        var database = (MembershipDatabase)platform.Services.GetService(typeof(MembershipDatabase))!;

        var submitted = new AccessionApplicationSubmitted { CountryCode = "ZWE", SubmittedOn = new() { Year = 2023, Month = 1, Day = 9 } };
        var messageId = (await database.WriteAsync(uow => uow.AddAsync(submitted, default), default)).ToString();

        // On the wire: the row's message id, Membership's user, persistent protobuf with its type named.
        var wire = await observer.WaitForAsync(m => m.MessageId == messageId, Patience);
        Assert.Equal("cica-membership", wire.UserId);
        Assert.Equal("application/x-protobuf", wire.ContentType);
        Assert.True(wire.Persistent);
        Assert.Equal(Submitted, Encoding.UTF8.GetString((byte[])wire.Headers!["cica-message-type"]!));
        Assert.Equal(submitted, AccessionApplicationSubmitted.Parser.ParseFrom(wire.Body));

        // The consumer applied it once, recording the row's message id in its inbox.
        await Eventually.HoldsAsync(async () => (await ledger.CountsAsync()).GetValueOrDefault("ZWE") == 1, Patience, "the ledger applied ZWE's application");
        Assert.Equal(1, await CountAsync(Path.Combine(data.Path, "ledger.db"), "SELECT COUNT(*) FROM inbox_messages WHERE message_id = $id", messageId));
        // The relay marks the row published once the broker confirmed it: the consumer may be first.
        await Eventually.HoldsAsync(async () => await CountAsync(Path.Combine(data.Path, "membership.db"),
            "SELECT COUNT(*) FROM outbox_messages WHERE message_id = $id AND published_at IS NULL", messageId) == 0, Patience, "the relay marked the row published");
    }

    [Fact]
    public async Task An_event_no_queue_is_bound_for_is_returned_and_stays_in_the_outbox_until_a_queue_takes_it()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await using var platform = await PlatformHost.StartAsync(data.Path, MembershipOn(broker)); // nothing consumes applications here
        var database = (MembershipDatabase)platform.Services.GetService(typeof(MembershipDatabase))!;
        var publisher = (IEventPublisher)platform.Services.GetService(typeof(IEventPublisher))!;

        var submitted = new AccessionApplicationSubmitted { CountryCode = "ZWE" };
        await Assert.ThrowsAsync<UnroutableEventException>(() =>
            publisher.PublishAsync(new OutboxMessage(-1, Guid.NewGuid().ToString(), Submitted, submitted.ToByteArray(), null, null), default));

        // Through the relay: the broker returns it, the row stays, its returns counted.
        var messageId = (await database.WriteAsync(uow => uow.AddAsync(submitted, default), default)).ToString();
        var outbox = Path.Combine(data.Path, "membership.db");
        await Eventually.HoldsAsync(async () => await CountAsync(outbox, "SELECT COUNT(*) FROM outbox_messages WHERE message_id = $id AND returns >= 2", messageId) == 1,
            Patience, "the row stays in the outbox, returned twice");

        // Once a queue is bound, it goes out with the same message id and leaves the outbox.
        await using var observer = await EventQueue.BindAsync(broker, Submitted, "test-late-queue");
        await observer.StartConsumingAsync();
        await observer.WaitForAsync(m => m.MessageId == messageId, Patience);
        await Eventually.HoldsAsync(async () => await CountAsync(outbox, "SELECT COUNT(*) FROM outbox_messages WHERE message_id = $id AND published_at IS NULL", messageId) == 0,
            Patience, "the row left the outbox once the broker took it");
    }

    private static async Task<long> CountAsync(string file, string sql, string messageId)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", messageId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

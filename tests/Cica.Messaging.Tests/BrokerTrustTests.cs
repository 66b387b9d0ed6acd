using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace Cica.Messaging.Tests;

/// <summary>
/// The broker is part of the trust boundary: each service connects as its own user (rabbitmq.sh),
/// the broker vouches for the user_id of every publish, and a consumer applies an event only from the
/// service that owns it.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerTrustTests
{
    private const string Admitted = "cica.membership.v1.MemberStateAdmitted";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_forged_admission_of_France_is_refused_logged_and_counted_while_Membership_s_own_admission_applies()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        using var forged = new ForgedCounter();
        var log = new LogLines();
        string DataOf(string service) => Directory.CreateDirectory(Path.Combine(data.Path, service)).FullName;
        Dictionary<string, string> As(string service) => new() { ["Messaging:RabbitMq"] = RabbitMqBroker.As(service, broker), ["Cica:Services"] = service };

        // CBM (its seed waits for Membership's admissions) and Membership, each as its own broker user.
        await using var cbm = await PlatformHost.StartAsync(DataOf("cbm"), As("cbm"), waitUntilServing: false,
            overrideServices: s => s.AddSingleton<ILoggerProvider>(log));
        await using var membership = await PlatformHost.StartAsync(DataOf("membership"), As("membership"));
        await cbm.WaitUntilServingAsync(); // Membership's genuine admissions arrived and were applied

        // Forgeries: guest (a user that may write to Membership's exchange, but is not Membership)
        // publishes to the event's exchange; CBM's own user writes into its own queue's exchange. The
        // broker accepts each only with the forger's own user as user_id.
        await PublishAsync(broker, Admitted, France(), "guest");
        await PublishAsync(RabbitMqBroker.As("cbm", broker), "cbm-member-state-admitted", France(), "cica-cbm");

        await Eventually.HoldsAsync(() => Task.FromResult(forged.Count("guest") == 1 && forged.Count("cica-cbm") == 1), Patience,
            "CBM counted both forgeries in cica.events.forged");
        // Membership's own admission, after them on the same queue, still applies.
        await membership.Client<MembershipService.MembershipServiceClient>().AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/KWT-2022",
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2022, Month = 10, Day = 13 } },
        }, Callers.Secretariat);
        await Eventually.HoldsAsync(async () => await KnownAsync(DataOf("cbm"), "KWT"), Patience, "CBM knows Kuwait, admitted by Membership");

        Assert.False(await KnownAsync(DataOf("cbm"), "FRA"), "a forged admission made France a known member state");
        var refused = log.Lines.Where(l => l.StartsWith("Forged event refused: " + Admitted, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, l => l.Contains("published by broker user guest, owned by cica-membership"));
        Assert.Contains(refused, l => l.Contains("published by broker user cica-cbm, owned by cica-membership"));
    }

    [Fact]
    public async Task The_broker_refuses_a_publish_whose_user_id_is_not_the_connection_s_user()
    {
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await DeclareExchangeAsync(broker, "cica.cbm.v1.PriorityAreaCreated");

        await using var connection = await RabbitMqBroker.ConnectAsync(RabbitMqBroker.As("cbm", broker));
        await using var channel = await ConfirmedChannelAsync(connection);
        // CBM's user, on an exchange it may write to, claiming to be Membership.
        await Assert.ThrowsAnyAsync<Exception>(() => PublishOnAsync(channel, "cica.cbm.v1.PriorityAreaCreated", France(), "cica-membership"));

        var reason = await ClosedAsync(channel);
        Assert.Equal(406, reason.ReplyCode); // PRECONDITION_FAILED
        Assert.Contains("user_id", reason.ReplyText);
    }

    [Fact]
    public async Task A_service_s_user_may_neither_publish_to_another_service_s_exchange_nor_read_its_queue()
    {
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        await DeclareExchangeAsync(broker, Admitted);
        await using (var admin = await RabbitMqBroker.ConnectAsync(broker))
        await using (var setup = await admin.CreateChannelAsync())
            await setup.QueueDeclareAsync("membership-decision-adopted", durable: true, exclusive: false, autoDelete: false);

        await using var connection = await RabbitMqBroker.ConnectAsync(RabbitMqBroker.As("cbm", broker));
        await using (var channel = await ConfirmedChannelAsync(connection))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => PublishOnAsync(channel, Admitted, France(), "cica-cbm"));
            var reason = await ClosedAsync(channel);
            Assert.Equal(403, reason.ReplyCode); // ACCESS_REFUSED
            Assert.Contains(Admitted, reason.ReplyText);
        }
        await using (var channel = await connection.CreateChannelAsync())
        {
            var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() =>
                channel.BasicConsumeAsync("membership-decision-adopted", autoAck: false, new AsyncEventingBasicConsumer(channel)));
            Assert.Equal((ushort)403, refused.ShutdownReason?.ReplyCode);
        }
    }

    private static MemberStateAdmitted France() => new()
    {
        CountryCode = "FRA",
        DisplayName = new LocalizedText { En = "France", Ru = "Франция", Kk = "Франция" },
        AccessionDate = new CalendarDate { Year = 2024, Month = 1, Day = 1 },
        Actor = new Actor { Kind = ActorKind.Secretariat },
    };

    // What any publisher sends (protobuf body, its full name in a header, a message id), as userId.
    private static async Task PublishAsync(string uri, string exchange, IMessage message, string userId)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(uri);
        await using var channel = await ConfirmedChannelAsync(connection);
        await PublishOnAsync(channel, exchange, message, userId);
    }

    private static async Task PublishOnAsync(IChannel channel, string exchange, IMessage message, string userId)
    {
        var properties = new BasicProperties
        {
            MessageId = Guid.NewGuid().ToString(),
            ContentType = "application/x-protobuf",
            Persistent = true,
            UserId = userId,
            Headers = new Dictionary<string, object?> { ["cica-message-type"] = message.Descriptor.FullName },
        };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, message.ToByteArray());
    }

    private static Task<IChannel> ConfirmedChannelAsync(IConnection connection) =>
        connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

    private static async Task DeclareExchangeAsync(string broker, string exchange)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(broker);
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
    }

    // The broker closes the channel after the refused publish; the close may trail the exception.
    private static async Task<ShutdownEventArgs> ClosedAsync(IChannel channel)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(channel.CloseReason is not null), TimeSpan.FromSeconds(10), "the broker closed the channel");
        return channel.CloseReason!;
    }

    private static async Task<bool> KnownAsync(string dataDirectory, string country)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "cbm.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM known_member_states WHERE country_code = $country";
        command.Parameters.AddWithValue("$country", country);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>cica.events.forged as the process's meter reports it, per publishing broker user.</summary>
    private sealed class ForgedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byPublisher = new();

        public ForgedCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Inbox.InboxMetrics.MeterName && instrument.Name == "cica.events.forged") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                    if (tag.Key == "cica.publisher") _byPublisher.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public long Count(string publisher) => _byPublisher.GetValueOrDefault(publisher);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The lines CBM's Cica.Messaging.Trust logger wrote.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "Cica.Messaging.Trust" ? _lines : null);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string>? lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => lines is not null && logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel)) lines!.Enqueue(formatter(state, exception));
            }
        }
    }
}

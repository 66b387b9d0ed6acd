using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Messaging.Retention;
using Cica.Testing;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Messaging.Tests;

/// <summary>
/// Issue 7, item 1, as the fault-injection command meets it: RabbitMQ restarted without its data while
/// a consumer service is down. Another queue bound to the event's exchange is back first, so a
/// mandatory publish would succeed and the absent consumer would miss the event; and the messages that
/// waited in the consumer's queue are destroyed with the node.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerWipeTests
{
    private const string Admitted = "cica.membership.v1.MemberStateAdmitted";
    private const string CbmQueue = "cbm-member-state-admitted";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static Dictionary<string, string> As(string service, string broker) => new()
    {
        ["Messaging:RabbitMq"] = RabbitMqBroker.As(service, broker),
        ["Cica:Services"] = service,
    };

    [Fact]
    public void The_platform_knows_every_consumer_queue_of_an_event_whichever_services_a_process_carries()
    {
        var queues = Cica.Platform.PlatformModules.Consumers.QueuesOf(Admitted);

        Assert.Contains(CbmQueue, queues);
        Assert.Contains("chairmanship-member-state-admitted", queues);
        Assert.Contains("gateway-feed", queues);
        Assert.Empty(Cica.Platform.PlatformModules.Consumers.QueuesOf("cica.retired.v1.SomethingForgotten"));
    }

    [Fact]
    public async Task A_broker_wiped_while_a_consumer_is_down_loses_nothing_once_the_consumer_is_back_and_each_event_is_applied_once()
    {
        using var membershipData = new TempDirectory();
        using var cbmData = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        var countries = Applicants.Take(12);
        var beforeStop = countries.Take(4).ToList();
        var whileDown = countries.Skip(4).Take(4).ToList();
        var afterWipe = countries.Skip(8).ToList();

        await using var membership = await PlatformProcess.StartAsync(membershipData.Path, As("membership", broker));
        var cbm = await PlatformProcess.StartAsync(cbmData.Path, As("cbm", broker)); // its seed waits for Membership's admissions
        try
        {
            foreach (var country in beforeStop) await AdmitAsync(membership.Channel, country);
            await WaitUntilAsync(async () => (await KnownAsync(cbmData.Path)).IsSupersetOf(beforeStop), "CBM applies the first admissions");
        }
        finally
        {
            await cbm.KillAsync();
            await cbm.DisposeAsync();
        }

        // CBM is down: these wait in its queue on the broker, and the node is wiped with them.
        foreach (var country in whileDown) await AdmitAsync(membership.Channel, country);
        await WaitUntilAsync(async () => await QueueDepthAsync(broker, CbmQueue) >= (uint)whileDown.Count, "the admissions reach CBM's queue");
        await RabbitMqBroker.WipeAsync(broker);

        // Another consumer of the event is back at once (a queue bound to its exchange), CBM is not.
        await using var other = await EventQueue.BindAsync(broker, Admitted, "test-wipe-other-consumer");
        await other.StartConsumingAsync();
        foreach (var country in afterWipe) await AdmitAsync(membership.Channel, country);
        await WaitUntilAsync(() => Task.FromResult(membership.Output.Contains($"waits for consumer queue {CbmQueue}", StringComparison.Ordinal)),
            "Membership's relay says it waits for CBM's queue");
        Assert.Empty(other.Received); // held: nothing goes out while a consumer queue of the event is missing

        // CBM comes back over its data and declares its queue: everything arrives.
        await using var cbmAgain = await PlatformProcess.StartAsync(cbmData.Path, As("cbm", broker));
        await WaitUntilAsync(async () => (await KnownAsync(cbmData.Path)).IsSupersetOf(countries), "CBM applies every admission");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate would still show

        // Every admission Membership published reached CBM, each applied once (the inbox's key); the
        // republished ones CBM had already handled were dropped as redeliveries.
        var published = await QueryAsync(membershipData.Path, "membership", $"SELECT message_id FROM outbox_messages WHERE message_type = '{Admitted}'");
        var handled = await QueryAsync(cbmData.Path, "cbm", $"SELECT message_id FROM inbox_messages WHERE consumer = '{CbmQueue}'");
        Assert.Empty(published.Except(handled));
        Assert.Equal(handled.Count, handled.Distinct().Count());
        var known = await QueryAsync(cbmData.Path, "cbm", "SELECT country_code FROM known_member_states");
        Assert.Equal(known.Count, known.Distinct().Count());
        Assert.True(other.Received.Count >= whileDown.Count + afterWipe.Count, $"the other consumer got {other.Received.Count} events");
    }

    [Fact]
    public async Task Published_rows_are_kept_for_the_republish_window_and_then_removed_by_retention()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        var clock = new MovedClock(DateTimeOffset.UtcNow);
        await using var platform = await PlatformHost.StartAsync(data.Path, As("membership", broker),
            overrideServices: s => s.AddSingleton<TimeProvider>(clock));
        var database = platform.Services.GetRequiredService<MembershipDatabase>();
        var retention = platform.Services.GetRequiredService<RetentionService>();

        const string Kept = "published_at IS NOT NULL AND message_type = 'cica.membership.v1.AccessionApplicationSubmitted'";
        await using var probe = await EventQueue.BindAsync(broker, "cica.membership.v1.AccessionApplicationSubmitted", "test-window-probe");
        await Applicants.SubmitAsync(platform.Channel, Applicants.Take(3));
        await WaitUntilAsync(async () => await CountAsync(database, Kept) >= 3, "the submissions are published and kept");

        await retention.PruneAsync(default);
        Assert.True(await CountAsync(database, Kept) >= 3, "a published row inside the window is kept");

        clock.Now = clock.Now.AddHours(1).AddMinutes(1); // past the window (1 hour by default)
        await retention.PruneAsync(default);
        Assert.Equal(0, await CountAsync(database, Kept));
    }

    private static Task<long> CountAsync(MembershipDatabase database, string where) =>
        database.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE " + where);

    /// <summary>A clock the test moves.</summary>
    private sealed class MovedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task AdmitAsync(GrpcChannel channel, string country)
    {
        var membership = new MembershipService.MembershipServiceClient(channel);
        var submitted = await membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
        {
            CountryCode = country,
            SubmittedOn = new CalendarDate { Year = 2023, Month = 1, Day = 9 },
        }, Callers.Secretariat);
        var name = submitted.AccessionApplication.Name;
        await membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = name,
            Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = new CalendarDate { Year = 2023, Month = 3, Day = 1 } },
        }, Callers.Secretariat);
        await membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = name,
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2023, Month = 6, Day = 1 } },
        }, Callers.Secretariat);
    }

    private static async Task<HashSet<string>> KnownAsync(string cbmData) =>
        [.. await QueryAsync(cbmData, "cbm", "SELECT country_code FROM known_member_states")];

    private static async Task<List<string>> QueryAsync(string dataDirectory, string service, string sql)
    {
        var file = Path.Combine(dataDirectory, service + ".db");
        if (!File.Exists(file)) return [];
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }

    private static async Task<uint> QueueDepthAsync(string broker, string queue)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(broker);
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not in time: {what}");
            await Task.Delay(250);
        }
    }
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Google.Protobuf;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// Only member states can be assigned, and the service learns who they are from Membership's events
/// alone: Membership and CBM Coordination run here as two hosts that share nothing but the test
/// run's real RabbitMQ broker.
/// </summary>
public sealed class MemberStateEventTests : IAsyncLifetime
{
    private const string QueueName = "cbm-member-state-admitted";
    private const string TradeAndInvestment = "priorityAreas/economic-8";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _cbmData = new("cica-cbm-test");
    private readonly TempDirectory _membershipData = new("cica-membership-test");
    private PlatformHost _cbm = null!;
    private PlatformHost? _membership;

    private CbmCoordinationService.CbmCoordinationServiceClient Cbm => _cbm.Client<CbmCoordinationService.CbmCoordinationServiceClient>();

    private string _broker = null!; // a virtual host of the test's own

    private Dictionary<string, string> OnTheBroker(string service) => new()
    {
        ["Messaging:RabbitMq"] = RabbitMqBroker.As(service, _broker),
        ["Cica:Services"] = service,
    };

    public async Task InitializeAsync()
    {
        _broker = await RabbitMqBroker.IsolatedUriAsync();
        // CBM starts first and cannot serve yet: its seed names member states it learns only from
        // Membership's events. Once Membership has started and announced its seed, it serves.
        _cbm = await PlatformHost.StartAsync(_cbmData.Path, OnTheBroker("cbm"), waitUntilServing: false);
        await WaitForConsumerAsync(); // its queue must be bound before anything is published
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.NotServing, await HealthProbe.StatusAsync(_cbm.Channel));
        _membership = await PlatformHost.StartAsync(_membershipData.Path, OnTheBroker("membership"));
        await _cbm.WaitUntilServingAsync();
    }

    public async Task DisposeAsync()
    {
        if (_membership is not null) await _membership.DisposeAsync();
        await _cbm.DisposeAsync();
        _membershipData.Dispose();
        _cbmData.Dispose();
    }

    private static AmendCoordinatorListRequest AddKuwait() => new()
    {
        Decision = Dates.Soc(2022, 11, 1),
        Changes = { Changes.Add(TradeAndInvestment, "KWT", CoordinatorRole.CoCoordinator) },
    };

    [Fact]
    public async Task A_state_admitted_in_Membership_becomes_assignable_when_the_event_arrives()
    {
        await using var started = await EventQueue.BindAsync(_broker, "cica.cbm.v1.CoordinatorAssignmentStarted", "test-cbm-assignment-started-" + Guid.NewGuid().ToString("N"));
        await started.StartConsumingAsync();

        // Kuwait is not a member yet: it cannot be assigned.
        var refused = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_A_MEMBER_STATE",
            () => Cbm.AmendCoordinatorListAsync(AddKuwait(), Callers.Secretariat).ResponseAsync);
        Assert.Equal("KWT", refused.Metadata["country_code"]);

        // The Summit admits Kuwait in the Membership service, which runs in another host.
        await _membership!.Client<MembershipService.MembershipServiceClient>().AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/KWT-2022",
            Decision = Dates.Summit(2022, 10, 13),
        }, Callers.Secretariat);

        var response = await Eventually.SucceedsAsync(() => Cbm.AmendCoordinatorListAsync(AddKuwait(), Callers.Secretariat).ResponseAsync, Patience);

        var kuwait = Assert.Single(response.Started);
        Assert.Equal(("KWT", "Kuwait"), (kuwait.CountryCode, kuwait.CountryName.En));
        var area = (await Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = TradeAndInvestment, AsOf = Dates.Day(2022, 11, 1) })).PriorityArea;
        Assert.Equal(["KGZ", "TUR", "KWT"], area.CoCoordinators.Select(c => c.CountryCode));

        // …and the change goes out as an event any consumer can read knowing only the .proto (the
        // queue may also see the seed's own assignments, relayed after the host started).
        var delivery = await started.WaitForAsync(
            m => CoordinatorAssignmentStarted.Parser.ParseFrom(m.Body).Assignment.CountryCode == "KWT", Patience);
        var message = CoordinatorAssignmentStarted.Parser.ParseFrom(delivery.Body);
        Assert.Equal(kuwait, message.Assignment);
        Assert.Equal(ActorKind.Secretariat, message.Actor.Kind);
    }

    [Fact]
    public async Task A_redelivered_event_changes_nothing_more()
    {
        var consumed = new ConsumeCounter(typeof(MemberStateAdmitted));
        using var observing = _cbm.Services.GetRequiredService<IBusControl>().ConnectConsumeObserver(consumed);
        var messageId = Guid.NewGuid().ToString();
        await PublishAdmittedAsync(messageId, "Kuwait");
        var response = await Eventually.SucceedsAsync(() => Cbm.AmendCoordinatorListAsync(AddKuwait(), Callers.Secretariat).ResponseAsync, Patience);

        // A redelivery comes after the first delivery was handled. (Published back to back, the two
        // could be consumed concurrently and either could be the one handled.)
        await PublishAdmittedAsync(messageId, "Kuwait, as redelivered"); // same message id: the inbox drops it
        await consumed.WaitForAsync(2, Patience); // the CBM consumer has finished with the duplicate too

        var area = (await Cbm.GetPriorityAreaAsync(new GetPriorityAreaRequest { Name = TradeAndInvestment, AsOf = Dates.Day(2022, 11, 1) })).PriorityArea;
        Assert.Equal("Kuwait", area.CoCoordinators.Single(c => c.CountryCode == "KWT").CountryName.En);
        Assert.Equal("Kuwait", Assert.Single(response.Started).CountryName.En);
    }


    // What a publisher in any language sends: the protobuf bytes, its full name in a header, a stable
    // message id, and, as Membership's broker user, that user as the user_id (CBM takes the event from no one else).
    private async Task PublishAdmittedAsync(string messageId, string name)
    {
        var admitted = new MemberStateAdmitted
        {
            CountryCode = "KWT",
            DisplayName = new LocalizedText { En = name, Ru = "Кувейт", Kk = "Кувейт" },
            AccessionDate = Dates.Day(2022, 10, 13),
            Actor = new Actor { Kind = ActorKind.Secretariat },
        };
        await using var connection = await RabbitMqBroker.ConnectAsync(RabbitMqBroker.As("membership", _broker));
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            MessageId = messageId,
            UserId = "cica-membership",
            ContentType = "application/x-protobuf",
            Persistent = true,
            Headers = new Dictionary<string, object?> { ["cica-message-type"] = MemberStateAdmitted.Descriptor.FullName },
        };
        await channel.BasicPublishAsync(MemberStateAdmitted.Descriptor.FullName, "", mandatory: false, properties, admitted.ToByteArray());
    }


    // MassTransit binds the queue to the exchange before it starts consuming from it.
    private async Task WaitForConsumerAsync()
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(_broker);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if ((await channel.QueueDeclarePassiveAsync(QueueName)).ConsumerCount > 0) return;
            }
            catch (OperationInterruptedException) when (DateTime.UtcNow < deadline) { /* not declared yet */ }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"No consumer on {QueueName} after {Patience}.");
            await Task.Delay(100);
        }
    }
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.ConceptPapers.Coordinators;
using Cica.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client.Exceptions;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// Who may write a paper is learnt from CBM Coordination's events alone: Concept Papers runs in one
/// host, Membership and CBM Coordination in another, sharing nothing but a virtual host of the test
/// run's real RabbitMQ broker. Concept Papers starts first and serves at once (its seed needs no
/// coordinator); the right to write follows the assignments as their events arrive.
/// </summary>
public sealed class CoordinatorEventTests : IAsyncLifetime
{
    private const string Ict = "priorityAreas/new-challenges-and-threats-3"; // Russia coordinates it for 2022-2023
    private const string Corridors = "priorityAreas/economic-5";             // Azerbaijan coordinates it, open-ended
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _papersData = new("cica-papers-test");
    private readonly TempDirectory _cbmData = new("cica-cbm-test");
    private readonly SetClock _clock = new(Astana(2023, 6, 1));
    private PlatformHost _papers = null!;
    private PlatformHost? _cbm;
    private string _broker = null!;

    private ConceptPapersService.ConceptPapersServiceClient Papers => _papers.Client<ConceptPapersService.ConceptPapersServiceClient>();

    private static DateTimeOffset Astana(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.FromHours(6));

    public async Task InitializeAsync()
    {
        _broker = await RabbitMqBroker.IsolatedUriAsync();
        _papers = await PlatformHost.StartAsync(_papersData.Path,
            new Dictionary<string, string>
            {
                ["Messaging:RabbitMq"] = RabbitMqBroker.As("concept-papers", _broker), ["Cica:Services"] = "concept-papers",
                // Membership and CBM share one process below, which connects as guest: their publisher.
                ["Messaging:Publishers:membership"] = "guest", ["Messaging:Publishers:cbm"] = "guest",
            },
            overrideServices: s => s.AddSingleton<TimeProvider>(_clock));
        foreach (var queue in new[] { CoordinatorAssignmentStartedConsumer.QueueName, CoordinatorAssignmentEndedConsumer.QueueName, PriorityAreaCreatedConsumer.QueueName })
            await WaitForConsumerAsync(queue); // bound before CBM publishes anything
        _cbm = await PlatformHost.StartAsync(_cbmData.Path,
            new Dictionary<string, string> { ["Messaging:RabbitMq"] = _broker, ["Cica:Services"] = "membership,cbm" });
    }

    public async Task DisposeAsync()
    {
        if (_cbm is not null) await _cbm.DisposeAsync();
        await _papers.DisposeAsync();
        _cbmData.Dispose();
        _papersData.Dispose();
    }

    [Fact]
    public async Task A_coordinator_known_from_CBM_events_writes_its_area_until_its_term_ends()
    {
        // Once CBM's seed events arrive, Russia (coordinator 2022-2023) may draft an ICT paper in 2023.
        var draft = (await Arrival.SucceedsAsync(() =>
            Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Ict), Callers.MemberState("RUS")).ResponseAsync, Patience)).PolicyDocument;
        Assert.Equal("RUS", draft.ProposingCountry);
        var coCoordinator = await Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Ict), Callers.MemberState("CHN"));
        Assert.Equal("CHN", coCoordinator.PolicyDocument.ProposingCountry);
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR",
            () => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Ict), Callers.MemberState("KAZ")).ResponseAsync);

        // In 2024 Russia's term has ended: it may neither create nor edit, and its draft stays as it was.
        _clock.Now = Astana(2024, 2, 1);
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR",
            () => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Ict), Callers.MemberState("RUS")).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR", () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = draft.Etag, Content = Tests.Papers.Content("Edited after the term", "Text."),
        }, Callers.MemberState("RUS")).ResponseAsync);
        Assert.Equal(draft, (await Papers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = draft.Name })).PolicyDocument);

        // The Secretariat still may.
        var edited = await Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = draft.Etag, Content = Tests.Papers.Content("Edited by the Secretariat", "Text."),
        }, Callers.Secretariat);
        Assert.Equal(2, edited.PolicyDocument.CurrentRevision.Number);
    }

    [Fact]
    public async Task An_assignment_ended_by_an_SOC_decision_in_CBM_ends_the_right_to_write()
    {
        var draft = (await Arrival.SucceedsAsync(() =>
            Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Corridors), Callers.MemberState("AZE")).ResponseAsync, Patience)).PolicyDocument;

        // The SOC ends Azerbaijan's coordination from 1 July 2023, in CBM Coordination.
        var cbm = _cbm!.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        var assignments = await cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest
        {
            PriorityArea = Corridors, Role = CoordinatorRole.Coordinator, AsOf = Tests.Papers.Day(2023, 6, 1),
        });
        var azerbaijan = assignments.CoordinatorAssignments.Single(a => a.CountryCode == "AZE");
        await cbm.AmendCoordinatorListAsync(new AmendCoordinatorListRequest
        {
            Decision = Tests.Papers.Soc(2023, 7, 1),
            Changes = { new CoordinatorListChange { End = new CoordinatorListChange.Types.End { Assignment = azerbaijan.Name } } },
        }, Callers.Secretariat);

        // From 1 July, once the event has arrived, Azerbaijan may not edit. The probe carries a stale
        // etag, so that it can change nothing while it waits: permission is checked before the etag.
        _clock.Now = Astana(2023, 8, 1);
        await Arrival.RefusedAsync(StatusCode.PermissionDenied, "NOT_A_COORDINATOR", () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = "\"v0\"", Content = Tests.Papers.Content("Probe", "Text."),
        }, Callers.MemberState("AZE")).ResponseAsync, Patience);
        var refused = await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR", () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = draft.Etag, Content = Tests.Papers.Content("Edited", "Text."),
        }, Callers.MemberState("AZE")).ResponseAsync);
        Assert.Equal("2023-08-01", refused.Metadata["date"]);
        Assert.Equal(draft, (await Papers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = draft.Name })).PolicyDocument);

        // On 30 June, its last day, it still could.
        _clock.Now = Astana(2023, 6, 30);
        var edited = await Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = draft.Etag, Content = Tests.Papers.Content("Edited on its last day", "Text."),
        }, Callers.MemberState("AZE"));
        Assert.Equal(2, edited.PolicyDocument.CurrentRevision.Number);
    }

    // MassTransit binds the queue to its exchange before it starts consuming from it.
    private async Task WaitForConsumerAsync(string queue)
    {
        await using var connection = await RabbitMqBroker.ConnectAsync(_broker);
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if ((await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount > 0) return;
            }
            catch (OperationInterruptedException) when (DateTime.UtcNow < deadline) { /* not declared yet */ }
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"No consumer on {queue} after {Patience}.");
            await Task.Delay(100);
        }
    }

    // The Concept Papers host's clock, set by the test (wall-clock readings only).
    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        private long _ticks = now.UtcTicks;

        public DateTimeOffset Now
        {
            set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
        }

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}

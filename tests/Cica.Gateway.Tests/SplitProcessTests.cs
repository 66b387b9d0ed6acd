using Cica.Contracts.Gateway.V1;
using Cica.Testing;

namespace Cica.Gateway.Tests;

/// <summary>Tests that use the test run's RabbitMQ: one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "RabbitMQ broker";
}

/// <summary>Membership, CBM and the gateway as three processes on one RabbitMQ virtual host, driven through the gateway over loopback.</summary>
[Collection(BrokerCollection.Name)]
public sealed class SplitProcessTests
{
    private const string Admitted = "cica.membership.v1.MemberStateAdmitted";

    [Fact]
    public async Task Three_processes_an_admission_shows_in_dossier_and_feed_a_killed_cbm_leaves_it_partial_and_a_restart_heals_it()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        Dictionary<string, string> As(string service, params (string Key, string Value)[] more)
        {
            var settings = new Dictionary<string, string> { ["Cica:Services"] = service, ["Messaging:RabbitMq"] = RabbitMqBroker.As(service, broker) };
            foreach (var (key, value) in more) settings[key] = value;
            return settings;
        }
        string DataOf(string service) => Directory.CreateDirectory(Path.Combine(data.Path, service)).FullName;

        // The deployment step first, as the README says: every exchange, queue and binding (CBM's
        // admissions queue, the gateway's feed queue bound to every event type), so no event
        // published mandatory by one process waits in its outbox for another to start.
        var (exit, output) = await PlatformCommand.RunAsync(DataOf("deploy"), ["--Messaging:RabbitMq=" + broker, "--Messaging:DeployTopologyOnly=true"], TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, output);

        // Membership publishes its seed; CBM is NOT_SERVING until its seed has Membership's
        // admissions (StartAsync waits for SERVING); CBM on a port of its own so it can come back there.
        await using var membership = await PlatformProcess.StartAsync(DataOf("membership"), As("membership"));
        var cbmAddress = $"http://127.0.0.1:{PlatformProcess.ClosedPort()}";
        var cbm = await PlatformProcess.StartAsync(DataOf("cbm"), As("cbm", ("Kestrel:Endpoints:Grpc:Url", cbmAddress)));
        PlatformProcess? cbmAgain = null;
        try
        {
            await using var gatewayProcess = await PlatformProcess.StartAsync(DataOf("gateway"), As("gateway",
                ("Gateway:Services:membership", membership.Address.ToString()), ("Gateway:Services:cbm", cbmAddress)));
            var gateway = new GatewayService.GatewayServiceClient(gatewayProcess.Channel);

            // Before: Kuwait applied. A feed client reads the first events and disconnects.
            // (Polled: the first calls of three cold processes on a busy machine may outlast the view's deadline.)
            var before = await Gw.UntilAsync(() => Gw.DossierAsync(gateway, "KWT"), d => d.Membership.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "Kuwait's dossier");
            Assert.Equal(MembershipStatus.Applicant, before.Membership.MembershipStatus);
            var part = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 }, e => e.Count >= 5, TimeSpan.FromSeconds(30));
            Assert.Equal(5, part.Count);

            // The accession adopted: in the dossier (Membership and CBM both answering) and in the feed.
            await Gw.AdmitKuwaitAsync(membership.Channel);
            var dossier = await Gw.UntilAsync(() => Gw.DossierAsync(gateway, "KWT"),
                d => d.Membership.MembershipStatus == MembershipStatus.MemberState && d.Coordination.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "Kuwait's dossier, both services answering");
            Assert.Equal(SectionState.Ok, dossier.Membership.Status.State);
            Assert.Equal(SectionState.Ok, dossier.Coordination.Status.State);
            Assert.Equal(SectionState.Ok, dossier.Activities.Status.State);
            Assert.Equal("Kuwait", dossier.Membership.MemberState.DisplayName.En);
            var feed = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { FromOldestRetained = true },
                e => e.Any(x => x.EventType == Admitted && x.CountryCode == "KWT"), TimeSpan.FromSeconds(60));
            Assert.Contains(feed, x => x.EventType == Admitted && x.CountryCode == "KWT");

            // Kill CBM (SIGKILL): the dossier is partial, not failed.
            await cbm.KillAsync();
            // Every answer is a dossier (a failed view throws here); one whose Membership section was
            // late on a busy machine (DEADLINE_EXCEEDED) is asked again, at most 10 times.
            var partial = await Gw.DossierAsync(gateway, "KWT");
            for (var i = 0; i < 10 && partial.Membership.Status.Reason.StartsWith("DEADLINE_EXCEEDED", StringComparison.Ordinal); i++)
            {
                Assert.Equal(SectionState.Missing, partial.Coordination.Status.State);
                partial = await Gw.DossierAsync(gateway, "KWT");
            }
            Assert.Equal(SectionState.Ok, partial.Membership.Status.State);
            Assert.Equal(MembershipStatus.MemberState, partial.Membership.MembershipStatus);
            Assert.Equal(SectionState.Missing, partial.Coordination.Status.State);
            Assert.Equal("cica.cbm.v1.CbmCoordinationService", partial.Coordination.Status.Source);
            Assert.StartsWith("UNAVAILABLE", partial.Coordination.Status.Reason);
            Assert.Equal(SectionState.Missing, partial.Activities.Status.State);

            // Restart it on the same address over the same data: healed.
            cbmAgain = await PlatformProcess.StartAsync(DataOf("cbm"), As("cbm", ("Kestrel:Endpoints:Grpc:Url", cbmAddress)));
            var healed = await Gw.UntilAsync(() => Gw.DossierAsync(gateway, "KWT"), d => d.Coordination.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "healed dossier");
            Assert.Equal(SectionState.Ok, healed.Activities.Status.State);
            Assert.Equal(SectionState.Ok, healed.Membership.Status.State);

            // The feed client reconnects with its cursor: it gets every later event, the admission
            // among them, exactly once: what it read in two connections is what one reading from the
            // start returns, no gap, no repeat.
            var after = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = part[^1].Sequence },
                e => e.Any(x => x.EventType == Admitted && x.CountryCode == "KWT"), TimeSpan.FromSeconds(60));
            Assert.Contains(after, x => x.EventType == Admitted && x.CountryCode == "KWT");
            var resumed = part.Concat(after).ToList();
            var whole = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 }, e => e.Count >= resumed.Count, TimeSpan.FromSeconds(60));
            Assert.Equal(whole.Select(e => e.MessageId), resumed.Select(e => e.MessageId));
            Assert.Equal(whole.Select(e => e.Sequence), resumed.Select(e => e.Sequence));
            Assert.Equal(resumed.Count, resumed.Select(e => e.MessageId).Distinct().Count());
            Assert.Equal(feed.Select(e => e.MessageId), resumed.Select(e => e.MessageId).Take(feed.Count));
        }
        finally
        {
            await cbm.DisposeAsync();
            if (cbmAgain is not null) await cbmAgain.DisposeAsync();
        }
    }
}

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
    [Fact]
    public async Task Three_processes_an_admission_shows_in_dossier_and_feed_a_killed_cbm_leaves_it_partial_and_a_restart_heals_it()
    {
        using var data = new TempDirectory();
        var broker = await RabbitMqBroker.IsolatedUriAsync();
        var cbmPort = PlatformProcess.ClosedPort();
        Dictionary<string, string> As(string service, params (string Key, string Value)[] more)
        {
            var settings = new Dictionary<string, string> { ["Cica:Services"] = service, ["Messaging:RabbitMq"] = broker };
            foreach (var (key, value) in more) settings[key] = value;
            Directory.CreateDirectory(Path.Combine(data.Path, service));
            return settings;
        }

        // CBM first: its seed waits for Membership's MemberStateAdmitted events. The gateway next, so
        // its feed queue exists before Membership publishes its seed.
        var cbmStart = PlatformProcess.StartAsync(Path.Combine(data.Path, "cbm"), As("cbm", ("Kestrel:Endpoints:Grpc:Url", $"http://127.0.0.1:{cbmPort}")));
        await Task.Delay(3000);
        await using var gatewayProcess = await PlatformProcess.StartAsync(Path.Combine(data.Path, "gateway"), As("gateway"));
        await using var membership = await PlatformProcess.StartAsync(Path.Combine(data.Path, "membership"), As("membership"));
        var cbm = await cbmStart;
        try
        {
            // The gateway learns where the others are (set here, after they bound their ports).
            await gatewayProcess.DisposeAsync();
        }
        finally { }
        await using var gatewayProc = await PlatformProcess.StartAsync(Path.Combine(data.Path, "gateway"), As("gateway",
            ("Gateway:Services:membership", membership.Address.ToString()), ("Gateway:Services:cbm", $"http://127.0.0.1:{cbmPort}")));
        var gateway = new GatewayService.GatewayServiceClient(gatewayProc.Channel);

        await Gw.AdmitKuwaitAsync(membership.Channel);
        var dossier = await Gw.UntilAsync(() => Gw.DossierAsync(gateway, "KWT"),
            d => d.Membership.MembershipStatus == MembershipStatus.MemberState && d.Coordination.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "Kuwait's dossier");
        var feed = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { FromOldestRetained = true },
            e => e.Any(x => x.EventType == "cica.membership.v1.MemberStateAdmitted" && x.CountryCode == "KWT"), TimeSpan.FromSeconds(60));
        Assert.Contains(feed, x => x.EventType == "cica.membership.v1.MemberStateAdmitted" && x.CountryCode == "KWT");

        // Kill CBM: the dossier is partial, not failed.
        await cbm.KillAsync();
        var partial = await Gw.DossierAsync(gateway, "KWT");
        Assert.Equal(SectionState.Ok, partial.Membership.Status.State);
        Assert.Equal(SectionState.Missing, partial.Coordination.Status.State);
        Assert.Equal(SectionState.Missing, partial.Activities.Status.State);

        // Restart it on the same address: healed.
        await using var cbmAgain = await PlatformProcess.StartAsync(Path.Combine(data.Path, "cbm"), As("cbm", ("Kestrel:Endpoints:Grpc:Url", $"http://127.0.0.1:{cbmPort}")));
        await Gw.UntilAsync(() => Gw.DossierAsync(gateway, "KWT"), d => d.Coordination.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "healed dossier");

        // A feed client that reconnects with its cursor sees every event exactly once.
        var part = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 }, e => e.Count >= 5, TimeSpan.FromSeconds(30));
        var after = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = part[^1].Sequence }, e => e.Count >= feed.Count - part.Count, TimeSpan.FromSeconds(30));
        var resumed = part.Concat(after).Select(e => e.MessageId).ToList();
        Assert.Equal(resumed.Count, resumed.Distinct().Count());
        Assert.Equal(feed.Select(e => e.MessageId).Take(resumed.Count), resumed);
        await cbm.DisposeAsync();
    }
}

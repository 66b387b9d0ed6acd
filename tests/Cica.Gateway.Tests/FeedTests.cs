using System.Net.Http.Json;
using System.Text.Json;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Gateway.Tests;

/// <summary>The live event feed and REST/JSON, on the whole platform in one process.</summary>
public sealed class FeedTests
{
    private const string Admitted = "cica.membership.v1.MemberStateAdmitted";

    [Fact]
    public async Task An_admission_reaches_the_feed_and_a_client_resuming_from_its_cursor_sees_every_event_exactly_once()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var gateway = host.Client<GatewayService.GatewayServiceClient>();

        // The seed's 27 admissions, from the oldest event kept.
        var seed = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { FromOldestRetained = true, EventTypes = { Admitted } },
            e => e.Count >= 27, TimeSpan.FromSeconds(30));
        Assert.Equal(27, seed.Count);

        // A client reads part of everything, disconnects, the admission happens, it reconnects.
        var first = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 }, e => e.Count >= 10, TimeSpan.FromSeconds(30));
        await Gw.AdmitKuwaitAsync(host.Channel);
        var rest = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = first[^1].Sequence },
            e => e.Any(x => x.EventType == Admitted && x.CountryCode == "KWT"), TimeSpan.FromSeconds(30));
        var all = first.Concat(rest).ToList();
        var everything = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 },
            e => e.Count >= all.Count, TimeSpan.FromSeconds(30));

        Assert.Equal(all.Select(e => e.Sequence), everything.Take(all.Count).Select(e => e.Sequence)); // no gap, no repeat
        Assert.Equal(all.Count, all.Select(e => e.MessageId).Distinct().Count());
        var kuwait = all.Single(e => e.EventType == Admitted && e.CountryCode == "KWT");
        Assert.Equal("type.googleapis.com/" + Admitted, kuwait.Event.TypeUrl);
        Assert.Equal(2022, kuwait.Event.Unpack<MemberStateAdmitted>().AccessionDate.Year);

        // Filters: by country.
        var kwt = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0, CountryCodes = { "KWT" } },
            e => e.Any(x => x.EventType == Admitted), TimeSpan.FromSeconds(10));
        Assert.All(kwt, e => Assert.Equal("KWT", e.CountryCode));

        // Live: a subscription from now receives what happens next (the CBM events of Kuwait's admission do not exist; use a write).
        var ahead = await Assert.ThrowsAsync<RpcException>(() => Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 1_000_000 }, _ => true, TimeSpan.FromSeconds(5)));
        Assert.Equal(StatusCode.OutOfRange, ahead.StatusCode);
    }

    [Fact]
    public async Task A_burst_with_redeliveries_beside_their_first_delivery_is_recorded_once_each_in_sequence_order()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var gateway = host.Client<GatewayService.GatewayServiceClient>();
        var bus = host.Services.GetRequiredService<IPublishEndpoint>();

        // 60 events, each delivered twice at the same time: the feed records several at once.
        var ids = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(ids.Concat(ids).Select(id => bus.Publish(
            new AccessionApplicationSubmitted { Application = $"accessionApplications/ZWE-{id:N}", CountryCode = "ZWE" }, c => c.MessageId = id)));

        var zwe = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0, CountryCodes = { "ZWE" } },
            e => e.Count >= ids.Count, TimeSpan.FromSeconds(30));
        await Task.Delay(500);   // a second record of any of them would be there by now
        var everything = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 }, _ => false, TimeSpan.FromSeconds(2));

        var recorded = everything.Where(e => e.CountryCode == "ZWE").ToList();
        Assert.Equal(ids.Select(id => id.ToString()).Order(), recorded.Select(e => e.MessageId).Order());   // each once
        Assert.Equal(everything.Select(e => e.Sequence).Order(), everything.Select(e => e.Sequence));       // delivered in sequence order
        Assert.Equal(everything.Count, everything.Select(e => e.Sequence).Distinct().Count());
        var redeliveries = await host.Services.GetRequiredService<GatewayDatabase>().QuerySingleOrDefaultAsync<long>(
            "SELECT SUM(redeliveries) FROM feed_events WHERE country_code = 'ZWE'");
        Assert.Equal(ids.Count, redeliveries);   // each second delivery counted, not recorded
    }

    [Fact]
    public async Task A_cursor_older_than_the_retention_is_out_of_range()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Gateway:Feed:Retention"] = "00:00:02",
            ["Gateway:Feed:PurgeInterval"] = "00:00:00.5",
        });
        var gateway = host.Client<GatewayService.GatewayServiceClient>();
        // The seed's events arrive (and, retention being 2 s, may already be going).
        var early = await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { FromOldestRetained = true }, e => e.Count >= 1, TimeSpan.FromSeconds(30));
        Assert.NotEmpty(early);

        var expired = await Gw.UntilAsync(async () =>
        {
            try
            {
                await Gw.ReadFeedAsync(gateway, new SubscribeEventsRequest { AfterSequence = 0 }, _ => true, TimeSpan.FromSeconds(2));
                return null;
            }
            catch (RpcException ex) { return ex; }
        }, ex => ex is not null, TimeSpan.FromSeconds(30), "retention removed the first events");
        Assert.Equal(StatusCode.OutOfRange, expired!.StatusCode);
        Assert.Contains("removed", expired.Status.Detail);
    }

    [Fact]
    public async Task The_REST_endpoint_serves_the_gateway_and_the_services_reads_as_JSON_with_an_OpenAPI_document()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        using var http = new HttpClient { BaseAddress = host.RestAddress ?? throw new InvalidOperationException("no REST endpoint"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestTokens.For("observer"));

        using var dossier = JsonDocument.Parse(await http.GetStringAsync("/v1/countries/KAZ/dossier"));
        var membership = dossier.RootElement.GetProperty("dossier").GetProperty("membership");
        Assert.Equal("SECTION_STATE_OK", membership.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal("MEMBERSHIP_STATUS_MEMBER_STATE", membership.GetProperty("membershipStatus").GetString());

        using var state = JsonDocument.Parse(await http.GetStringAsync("/v1/memberStates/KAZ"));
        Assert.Equal("Kazakhstan", state.RootElement.GetProperty("memberState").GetProperty("displayName").GetProperty("en").GetString());
        using var area = JsonDocument.Parse(await Gw.UntilAsync(() => http.GetStringAsync("/v1/priorityAreas/economic-8"), _ => true, TimeSpan.FromSeconds(30), "CBM seeded"));
        Assert.Equal("priorityAreas/economic-8", area.RootElement.GetProperty("priorityArea").GetProperty("name").GetString());


        var openApi = await http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/v1/countries/{country_code}/dossier", "/v1/events:subscribe", "/v1/memberStates/{name}", "/v1/priorityAreas/{name}/overview", "/v1/activities" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        Assert.Contains("swagger", await http.GetStringAsync("/swagger/index.html"), StringComparison.OrdinalIgnoreCase);
    }
}

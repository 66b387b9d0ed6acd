using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Gateway.Tests;

/// <summary>The views, on the whole platform in one process (gateway calling the services over loopback).</summary>
public sealed class ViewTests
{
    [Fact]
    public async Task Dossier_of_a_member_state_has_membership_roles_chairmanship_meetings_and_papers()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var gateway = host.Client<GatewayService.GatewayServiceClient>();
        // One process carries every service on the gateway's endpoint: nothing to forward.
        Assert.Empty(host.Services.GetRequiredService<Forwarding.ServiceRoutes>().Forwarded);

        var dossier = await Gw.UntilAsync(() => Gw.DossierAsync(gateway, "KAZ"),
            d => d.Coordination.Status.State == SectionState.Ok && d.Chairmanship.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "CBM and Chairmanship seeded");

        Assert.Equal(SectionState.Ok, dossier.Membership.Status.State);
        Assert.Equal("cica.membership.v1.MembershipService", dossier.Membership.Status.Source);
        Assert.Equal(MembershipStatus.MemberState, dossier.Membership.MembershipStatus);
        Assert.Equal("memberStates/KAZ", dossier.Membership.MemberState.Name);
        Assert.NotEmpty(dossier.Coordination.CurrentRoles);
        Assert.All(dossier.Coordination.CurrentRoles, r => Assert.Equal("KAZ", r.CountryCode));
        await AssertRolesAsCbmListsThem(host, dossier, "KAZ");
        Assert.Equal(SectionState.Ok, dossier.Activities.Status.State);
        // Kazakhstan chaired 2020-2022 and hosted the SOC meeting in Astana; it proposed none of the seed's papers.
        Assert.Equal("cica.chairmanship.v1.ChairmanshipService", dossier.Chairmanship.Status.Source);
        Assert.Contains(dossier.Chairmanship.Terms, t => t.Name == "chairmanshipTerms/KAZ-2020");
        Assert.All(dossier.Chairmanship.Terms, t => Assert.Equal("KAZ", t.CountryCode));
        Assert.Equal(SectionState.Ok, dossier.MeetingsHosted.Status.State);
        Assert.Contains(dossier.MeetingsHosted.Meetings, m => m.Name == "meetings/soc-2022-10");
        Assert.Equal(SectionState.Ok, dossier.ConceptPapers.Status.State);
        Assert.Empty(dossier.ConceptPapers.PolicyDocuments);
        var russia = await Gw.DossierAsync(gateway, "RUS");
        Assert.Contains(russia.ConceptPapers.PolicyDocuments, d => d.PriorityArea == "priorityAreas/new-challenges-and-threats-3");
        Assert.All(russia.ConceptPapers.PolicyDocuments, d => Assert.Equal("RUS", d.ProposingCountry)); // Concept Papers filtered them
        // Russia's ICT role was for 2022-2023: a past role, beside those it holds today.
        await AssertRolesAsCbmListsThem(host, russia, "RUS");
        Assert.Contains(russia.Coordination.OtherRoles, r => r.PriorityArea == "priorityAreas/new-challenges-and-threats-3");
        // The seed's two ICT workshops, both reported by RUS (CBM filtered them); Kazakhstan reported none.
        Assert.Equal(SectionState.Ok, russia.Activities.Status.State);
        Assert.Equal(2, russia.Activities.Activities.Count);
        Assert.All(russia.Activities.Activities, a => Assert.Equal(("RUS", "priorityAreas/new-challenges-and-threats-3"), (a.ReportedBy.CountryCode, a.PriorityArea)));
        Assert.Empty(dossier.Activities.Activities);

        // An applicant: Kuwait before the Summit's decision, then a member after it.
        var kuwait = await Gw.DossierAsync(gateway, "KWT");
        Assert.Equal(MembershipStatus.Applicant, kuwait.Membership.MembershipStatus);
        await Gw.AdmitKuwaitAsync(host.Channel);
        kuwait = await Gw.DossierAsync(gateway, "KWT");
        Assert.Equal(MembershipStatus.MemberState, kuwait.Membership.MembershipStatus);
        Assert.Equal(Contracts.Membership.V1.AccessionApplicationState.Admitted, Assert.Single(kuwait.Membership.AccessionApplications).State);

        var bad = await Assert.ThrowsAsync<RpcException>(() => Gw.DossierAsync(gateway, "XX"));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
    }

    // The roles held today are exactly those CBM lists as in effect on the dossier's date; the rest of the history is "other".
    private static async Task AssertRolesAsCbmListsThem(PlatformHost host, CountryDossier dossier, string country)
    {
        var cbm = host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();
        var inEffect = (await cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { CountryCode = country, AsOf = dossier.Coordination.AsOf, PageSize = 100 }))
            .CoordinatorAssignments.Select(a => a.Name).Order().ToList();
        var history = (await cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { CountryCode = country, PageSize = 100 }))
            .CoordinatorAssignments.Select(a => a.Name).ToList();
        Assert.Equal(inEffect, dossier.Coordination.CurrentRoles.Select(r => r.Name).Order());
        Assert.Equal(history.Except(inEffect).Order(), dossier.Coordination.OtherRoles.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Overview_and_meeting_outcome_are_assembled_and_an_unknown_area_is_not_found()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var gateway = host.Client<GatewayService.GatewayServiceClient>();

        var overview = (await Gw.UntilAsync(() => gateway.GetPriorityAreaOverviewAsync(new GetPriorityAreaOverviewRequest { Name = "priorityAreas/economic-8" }).ResponseAsync,
            _ => true, TimeSpan.FromSeconds(30), "overview")).Overview;
        Assert.Equal(SectionState.Ok, overview.Coordination.Status.State);
        Assert.Equal("dimensions/economic", overview.Coordination.Dimension.Name);
        Assert.NotEmpty(overview.Coordination.CoordinatorHistory);
        Assert.Equal(SectionState.Ok, overview.ConceptPapers.Status.State);
        var ict = (await gateway.GetPriorityAreaOverviewAsync(new GetPriorityAreaOverviewRequest { Name = "priorityAreas/new-challenges-and-threats-3" })).Overview;
        Assert.Single(ict.ConceptPapers.PolicyDocuments);
        Assert.Equal(3, ict.ConceptPapers.Initiatives.Count); // the ICT paper's three proposed initiatives
        Assert.Contains(ict.ConceptPapers.Initiatives, i => i.Activities.Count > 0); // carried out by CBM's reported workshops

        var unknown = await Assert.ThrowsAsync<RpcException>(() => gateway.GetPriorityAreaOverviewAsync(new GetPriorityAreaOverviewRequest { Name = "priorityAreas/economic-99" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);

        var outcome = (await gateway.GetMeetingOutcomeAsync(new GetMeetingOutcomeRequest { Meeting = "SOC meeting, Astana, 10-12 October 2022" })).Outcome;
        Assert.Equal(SectionState.Ok, outcome.MembershipEffects.Status.State);
        Assert.Equal(SectionState.Ok, outcome.CoordinationEffects.Status.State);

        // The seed's SOC meeting, as Chairmanship names it: its ten decisions, in the order of their items, with their effects.
        var soc = (await gateway.GetMeetingOutcomeAsync(new GetMeetingOutcomeRequest { Meeting = "meetings/soc-2022-10" })).Outcome;
        Assert.Equal(SectionState.Ok, soc.Decisions.Status.State);
        // Ten items; item 5 holds two drafts (DRAFT/7, and DRAFT/8 under silence to be recommended instead).
        Assert.Equal(Enumerable.Range(1, 10), soc.Decisions.Decisions.Select(d => d.Item).Distinct());
        Assert.Equal(["decisions/sum-2022-draft-7", "decisions/sum-2022-draft-8"], soc.Decisions.Decisions.Where(d => d.Item == 5).Select(d => d.Name).Order());
        Assert.Contains(soc.Decisions.Decisions, d => d.Effects.Any(e => e.AdmitMemberState?.CountryCode == "KWT"));
    }

    [Fact]
    public async Task Dossier_with_cbm_down_or_silent_is_partial_within_its_deadline_and_fails_whole_only_when_nothing_answers()
    {
        // A port that refuses connections (a service that is down) and one that accepts and never
        // answers (a service that hangs).
        var closed = PlatformProcess.ClosedPort();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(100);
        var silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        var held = new List<Socket>();
        _ = Task.Run(async () => { try { while (true) held.Add(await silent.AcceptSocketAsync()); } catch (Exception) { } });

        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Gateway:Services:cbm"] = $"http://127.0.0.1:{closed}",
            ["Gateway:ViewDeadline"] = "00:00:04",
            ["Gateway:CallTimeout"] = "00:00:01.5",
        });
        var gateway = host.Client<GatewayService.GatewayServiceClient>();
        var down = await Gw.DossierAsync(gateway, "KAZ");
        Assert.Equal(SectionState.Ok, down.Membership.Status.State);
        Assert.Equal(SectionState.Missing, down.Coordination.Status.State);
        Assert.StartsWith("UNAVAILABLE", down.Coordination.Status.Reason);
        Assert.Equal(SectionState.Missing, down.Activities.Status.State);

        await using var hung = await PlatformHost.StartAsync(Path.Combine(data.Path, "hung"), new Dictionary<string, string>
        {
            ["Gateway:Services:cbm"] = $"http://127.0.0.1:{silentPort}",
            ["Gateway:ViewDeadline"] = "00:00:04",
            ["Gateway:CallTimeout"] = "00:00:01.5",
        });
        var clock = Stopwatch.StartNew();
        var slow = await Gw.DossierAsync(hung.Client<GatewayService.GatewayServiceClient>(), "KAZ");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the dossier took {clock.Elapsed}, past its 4 s deadline");
        Assert.Equal(SectionState.Ok, slow.Membership.Status.State);
        Assert.Equal(SectionState.Missing, slow.Coordination.Status.State);
        Assert.Contains("DEADLINE_EXCEEDED", slow.Coordination.Status.Reason);

        await using var nothing = await PlatformHost.StartAsync(Path.Combine(data.Path, "nothing"), new Dictionary<string, string>
        {
            ["Gateway:Services:cbm"] = $"http://127.0.0.1:{closed}",
            ["Gateway:Services:membership"] = $"http://127.0.0.1:{closed}",
            ["Gateway:Services:chairmanship"] = $"http://127.0.0.1:{closed}",
            ["Gateway:Services:concept-papers"] = $"http://127.0.0.1:{closed}",
            ["Gateway:CallTimeout"] = "00:00:01.5",
        });
        var failed = await Assert.ThrowsAsync<RpcException>(() => Gw.DossierAsync(nothing.Client<GatewayService.GatewayServiceClient>(), "KAZ"));
        Assert.Equal(StatusCode.Unavailable, failed.StatusCode);
        foreach (var socket in held) socket.Dispose();
    }
}

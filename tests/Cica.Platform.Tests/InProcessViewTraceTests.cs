using System.Diagnostics;
using Cica.Contracts.Gateway.V1;
using Cica.Testing;

namespace Cica.Platform.Tests;

/// <summary>
/// When one process carries the gateway and the services, the gateway calls them in memory
/// (Cica.Gateway.Downstream.InProcessServer): through the services' whole request pipeline, in
/// the caller's trace, without a socket.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class InProcessViewTraceTests : IDisposable
{
    private static readonly string[] Services =
        ["cica.membership.v1.MembershipService", "cica.cbm.v1.CbmCoordinationService", "cica.chairmanship.v1.ChairmanshipService", "cica.concept_papers.v1.ConceptPapersService"];

    private readonly SpanRecorder _spans = new();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task A_dossier_served_by_one_process_is_one_trace_whose_service_calls_are_answered_in_memory()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var gateway = host.Client<GatewayService.GatewayServiceClient>();
        await Eventually.HoldsAsync(async () => (await gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = "KAZ" }))
            .Dossier.Coordination.Status.State == SectionState.Ok, TimeSpan.FromSeconds(60), "CBM seeded");

        ActivityTraceId traceId;
        using (var caller = new Activity("foreign system reads Kazakhstan's dossier").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = caller.TraceId;
            var dossier = (await gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = "KAZ" })).Dossier;
            Assert.All(new[] { dossier.Membership.Status, dossier.Coordination.Status, dossier.Chairmanship.Status, dossier.ConceptPapers.Status },
                s => Assert.Equal(SectionState.Ok, s.State));
        }

        bool IsServiceCall(Activity a) => a.TraceId == traceId && a.Kind == ActivityKind.Server && Services.Any(s => a.DisplayName.Contains(s, StringComparison.Ordinal));
        var spans = await _spans.WaitForAsync(s => Services.All(name => s.Any(a => IsServiceCall(a) && a.DisplayName.Contains(name, StringComparison.Ordinal))),
            "a server span of each service in the caller's trace");
        var byId = spans.Where(a => a.TraceId == traceId).GroupBy(a => a.SpanId).ToDictionary(g => g.Key, g => g.First());
        var view = byId.Values.Single(a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("/GetCountryDossier", StringComparison.Ordinal));

        foreach (var call in byId.Values.Where(IsServiceCall))
        {
            // Under the view's server span, through a client span of the gateway's own.
            var parent = byId[call.ParentSpanId];
            Assert.Equal(ActivityKind.Client, parent.Kind);
            var ancestor = parent;
            while (ancestor.SpanId != view.SpanId && byId.TryGetValue(ancestor.ParentSpanId, out var up)) ancestor = up;
            Assert.Equal(view.SpanId, ancestor.SpanId);
            // Answered in memory: the request never reached the host's socket endpoint.
            Assert.Equal("in-process", call.GetTagItem("server.address"));
        }
    }
}

using System.Diagnostics;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Platform.Tests;

/// <summary>Database work shows in the trace of the call (or the start-up) that caused it.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class DatabaseTraceTests : IDisposable
{
    private readonly SpanRecorder _spans = new();

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task Seeding_is_one_trace_per_service_and_the_relay_continues_it_instead_of_starting_a_trace_per_event()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var monitor = host.Services.GetRequiredService<OutboxMonitor>();
        await Eventually.HoldsAsync(() => Task.FromResult(monitor.BacklogOf("membership") is { Count: 0 } && monitor.BacklogOf("cbm") is { Count: 0 }),
            TimeSpan.FromSeconds(60), "the seed's events published");

        var spans = await _spans.WaitForAsync(s => s.Any(a => a.DisplayName == "seed membership"), "the membership seed's root span");
        var seed = spans.Single(a => a.DisplayName == "seed membership");
        Assert.Equal(default, seed.ParentSpanId);
        Assert.Equal(DatabaseTelemetry.SourceName, seed.Source.Name);

        // Each seed is a trace; so is each silence procedure the Chairmanship concludes at start-up (the
        // seed's deadline has passed), and each paper Concept Papers expires (the seed's 2022-2023 period has ended).
        var seedRoots = spans.Where(a => a.DisplayName.StartsWith("seed ", StringComparison.Ordinal) || a.DisplayName.StartsWith("conclude ", StringComparison.Ordinal)
                || a.DisplayName.StartsWith("expire ", StringComparison.Ordinal))
            .Select(a => a.TraceId).ToHashSet();
        var publishes = spans.Where(a => a.Source.Name == "Cica.Messaging.Outbox").ToList();
        Assert.True(publishes.Count >= 20, $"the membership seed publishes its member states ({publishes.Count} publish spans)");
        Assert.All(publishes, p => Assert.NotEqual(default, p.ParentSpanId));          // none is a root of its own
        Assert.All(publishes, p => Assert.Contains(p.TraceId, seedRoots));              // each continues a seed's trace
        Assert.Contains(publishes, p => p.TraceId == seed.TraceId && p.DisplayName.Contains("MemberStateAdmitted", StringComparison.Ordinal));
        // The seed's write is a span of its own under the seed's root.
        Assert.Contains(spans, a => a.DisplayName == "WRITE membership" && a.ParentSpanId == seed.SpanId);
    }

    [Fact]
    public async Task A_call_shows_its_write_transaction_its_read_statements_and_the_consumers_write_in_another_service()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var membership = host.Client<MembershipService.MembershipServiceClient>();

        ActivityTraceId traceId;
        using (var caller = new Activity("foreign system admits Kuwait").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            traceId = caller.TraceId;
            await membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
            {
                Name = "accessionApplications/KWT-2022",
                Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2022, Month = 10, Day = 13 }, Meeting = "Sixth CICA Summit, Astana" },
            }, Callers.Secretariat);
            await membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 5 }, Callers.Secretariat);
        }

        // CBM's read model of member states takes the event in the same trace.
        var spans = await _spans.WaitForAsync(
            s => s.Any(a => a.TraceId == traceId && a.DisplayName == "WRITE cbm")
                && s.Any(a => a.TraceId == traceId && a.Kind == ActivityKind.Server && a.DisplayName.Contains("/ListMemberStates", StringComparison.Ordinal)),
            "CBM's write for the admission's event, and the list call's server span");
        var trace = spans.Where(a => a.TraceId == traceId).ToList();
        var byId = trace.ToDictionary(a => a.SpanId);

        var admit = trace.Single(a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("/AdmitMemberState", StringComparison.Ordinal));
        var write = trace.Single(a => a.DisplayName == "WRITE membership" && a.ParentSpanId == admit.SpanId);
        Assert.Equal(ActivityKind.Client, write.Kind);
        Assert.Equal("sqlite", write.GetTagItem("db.system"));
        Assert.Equal("membership", write.GetTagItem("db.name"));
        // The group commit that made it durable: in this trace or linked to it.
        Assert.Contains(spans, a => a.DisplayName == "COMMIT membership"
            && (a.ParentSpanId == write.SpanId || a.Links.Any(l => l.Context.SpanId == write.SpanId)));

        // Reads are a span per statement, with the SQL but not the values.
        var list = trace.Single(a => a.Kind == ActivityKind.Server && a.DisplayName.Contains("/ListMemberStates", StringComparison.Ordinal));
        var reads = trace.Where(a => a.Source.Name == DatabaseTelemetry.SourceName && a.ParentSpanId == list.SpanId && a.DisplayName.StartsWith("SELECT", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.Contains("SELECT", (string)r.GetTagItem("db.statement")!, StringComparison.OrdinalIgnoreCase));

        // The event's consumer in CBM writes in a span under MassTransit's consumer span, whose chain leads back to the call.
        var cbmWrite = trace.First(a => a.DisplayName == "WRITE cbm");
        var chain = Ancestors(cbmWrite, byId);
        Assert.Contains(chain, a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer);
        Assert.Contains(chain, a => a.Source.Name == "Cica.Messaging.Outbox");
        Assert.Contains(admit, chain);
    }

    private static List<Activity> Ancestors(Activity span, Dictionary<ActivitySpanId, Activity> byId)
    {
        var chain = new List<Activity>();
        for (var at = span; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent) chain.Add(parent);
        return chain;
    }
}

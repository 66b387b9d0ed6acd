using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cica.Contracts.Membership.V1;
using Cica.Messaging.Outbox;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Platform.Tests;

/// <summary>Operations' figures, named after OpenTelemetry's conventions where there is one.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class MetricsTests : IDisposable
{
    private static readonly HashSet<string> Watched =
        ["rpc.server.duration", "cica.outbox.backlog", "cica.outbox.oldest_age", "cica.outbox.published", "cica.events.consumed"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> _measured = new();

    public MetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Watched.Contains(instrument.Name)) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measured.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task Rpc_duration_outbox_backlog_and_age_events_published_and_consumed_are_measured()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        await host.Client<MembershipService.MembershipServiceClient>().ListMemberStatesAsync(new ListMemberStatesRequest(), Callers.Secretariat);

        var rpc = _measured.Where(m => m.Name == "rpc.server.duration").ToList();
        Assert.Contains(rpc, m => (string?)m.Tags["rpc.system"] == "grpc" && (string?)m.Tags["rpc.service"] == "cica.membership.v1.MembershipService"
            && (string?)m.Tags["rpc.method"] == "ListMemberStates" && (int?)m.Tags["rpc.grpc.status_code"] == 0);

        // The seed's events go out and CBM (and the gateway's feed) take them in.
        await Eventually.HoldsAsync(() => Task.FromResult(_measured.Any(m => m.Name == "cica.outbox.published" && m.Value > 0)
            && _measured.Any(m => m.Name == "cica.events.consumed" && (string?)m.Tags["service"] == "cbm" && (string?)m.Tags["cica.inbox.outcome"] == "handled")),
            TimeSpan.FromSeconds(60), "published and consumed counted");

        // Gauges per service, read from the outbox table: empty once the relay caught up.
        var monitor = host.Services.GetRequiredService<OutboxMonitor>();
        await Eventually.HoldsAsync(() => Task.FromResult(monitor.BacklogOf("membership") is { Count: 0, OldestAgeSeconds: 0 }), TimeSpan.FromSeconds(60), "membership's outbox drained");
        await Eventually.HoldsAsync(() =>
        {
            _listener.RecordObservableInstruments();
            return Task.FromResult(_measured.Any(m => m.Name == "cica.outbox.backlog" && (string?)m.Tags["service"] == "membership")
                && _measured.Any(m => m.Name == "cica.outbox.oldest_age" && (string?)m.Tags["service"] == "cbm"));
        }, TimeSpan.FromSeconds(10), "the backlog gauges observed per service");
    }
}

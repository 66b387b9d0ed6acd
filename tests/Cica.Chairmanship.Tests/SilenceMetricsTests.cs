using System.Diagnostics.Metrics;
using Cica.Chairmanship.Silence;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Chairmanship.Tests;

/// <summary>Operations see how many procedures are under silence and how long until the nearest deadline.</summary>
public sealed class SilenceMetricsTests
{
    [Fact]
    public async Task The_gauges_show_the_seeded_procedure_open_an_hour_before_its_deadline_and_none_once_it_concluded()
    {
        using var data = new TempDirectory("cica-chair-test");
        var clock = new SetClock(Seeded.BeforeDeadline);
        await using var host = await Seeded.StartAsync(data.Path, clock, Seeded.Settings(("Chairmanship:SilenceSweep:PollInterval", "00:00:00.2")));
        using var gauges = new Gauges(host.Services.GetRequiredService<IMeterFactory>());

        var open = await Seeded.UntilAsync(() => Task.FromResult(gauges.Read()), g => g.Open == 1, "one open procedure");
        Assert.Equal((Seeded.Deadline - Seeded.BeforeDeadline).TotalSeconds, open.NearestDeadline);

        clock.Now = Seeded.AfterDeadline;
        var concluded = await Seeded.UntilAsync(() => Task.FromResult(gauges.Read()), g => g.Open == 0, "no open procedure");
        Assert.Null(concluded.NearestDeadline);
    }

    // Reads the two gauges of this host's meter only (other tests' hosts run in the same process).
    private sealed class Gauges : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long? _open;
        private double? _nearest;

        public Gauges(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == SilenceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                if (instrument.Name == "cica.silence_procedures.open") _open = value;
            });
            _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
            {
                if (instrument.Name == "cica.silence_procedures.nearest_deadline") _nearest = value;
            });
            _listener.Start();
        }

        public (long? Open, double? NearestDeadline) Read()
        {
            _open = null;
            _nearest = null;
            _listener.RecordObservableInstruments();
            return (_open, _nearest);
        }

        public void Dispose() => _listener.Dispose();
    }
}

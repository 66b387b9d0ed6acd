using System.Diagnostics.Metrics;

namespace Cica.Chairmanship.Silence;

/// <summary>
/// What operations watch of the silence procedure (meter <c>Cica.Chairmanship</c>, exported with
/// every <c>Cica.*</c> meter): <c>cica.silence_procedures.open</c>, the procedures under silence, and
/// <c>cica.silence_procedures.nearest_deadline</c>, seconds until the nearest of their deadlines
/// (negative while an overdue one waits for the sweeper; absent when none is open). The sweeper
/// refreshes the figures each time it looks (at every start, extension, break, deadline and poll),
/// so the gauges cost no query when they are read.
/// </summary>
public sealed class SilenceMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "Cica.Chairmanship";

    private readonly TimeProvider _clock;
    private Snapshot _state = new(0, null);

    /// <summary>Creates the meter and its gauges.</summary>
    public SilenceMetrics(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("cica.silence_procedures.open", () => _state.Open,
            "{procedure}", "Silence procedures under silence.");
        meter.CreateObservableGauge("cica.silence_procedures.nearest_deadline", NearestDeadline,
            "s", "Seconds until the nearest deadline of a procedure under silence.");
    }

    /// <summary>Records what the sweeper last found.</summary>
    public void Observe(long open, DateTimeOffset? nearest) => _state = new Snapshot(open, nearest);

    private IEnumerable<Measurement<double>> NearestDeadline()
    {
        if (_state.Nearest is { } deadline) yield return new Measurement<double>((deadline - _clock.GetUtcNow()).TotalSeconds);
    }

    // Replaced whole, so a reader never sees the count of one sweep with the deadline of another.
    private sealed record Snapshot(long Open, DateTimeOffset? Nearest);
}

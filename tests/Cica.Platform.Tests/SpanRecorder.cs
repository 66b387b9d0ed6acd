using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cica.Platform.Tests;

/// <summary>Tests that listen to every ActivitySource or Meter of the test process: one at a time, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process-wide telemetry listeners";
}

/// <summary>Keeps every span that ends in the test process.</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _finished.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Spans => [.. _finished];

    /// <summary>Waits (spans end after the work they measure) until <paramref name="done"/> holds of the spans; returns them.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(Func<IReadOnlyList<Activity>, bool> done, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var spans = Spans;
        while (!done(spans) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            spans = Spans;
        }
        Assert.True(done(spans), $"{what}; spans: " + string.Join(", ", spans.Select(s => $"{s.Source.Name}/{s.Kind}/{s.DisplayName}").Distinct().Take(60)));
        return spans;
    }

    public void Dispose() => _listener.Dispose();
}

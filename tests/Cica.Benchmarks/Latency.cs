using System.Diagnostics;

namespace Cica.Benchmarks;

/// <summary>
/// Latency of one operation: median, p95 and p99 of many timed calls, and the garbage collections
/// (gen 0/1/2, in this process: client and in-process server alike) that happened while timing,
/// which is where most of the tail comes from.
/// </summary>
public sealed record Latency(string Label, int Calls, double MedianMs, double P95Ms, double P99Ms, string Collections)
{
    /// <summary>
    /// Calls <paramref name="call"/> <paramref name="warmup"/> times untimed (JIT, connection pool,
    /// SQLite page cache), then <paramref name="calls"/> times, one at a time, timing each.
    /// </summary>
    public static async Task<Latency> MeasureAsync(string label, Func<Task> call, int warmup, int calls)
    {
        for (var i = 0; i < warmup; i++) await call();
        var ms = new double[calls];
        int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            ms[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var collections = $"{GC.CollectionCount(0) - before[0]}/{GC.CollectionCount(1) - before[1]}/{GC.CollectionCount(2) - before[2]}";
        Array.Sort(ms);
        return new Latency(label, calls, Percentile(ms, 50), Percentile(ms, 95), Percentile(ms, 99), collections);
    }

    /// <summary>Synchronous calls (direct SQLite reads), measured the same way.</summary>
    public static Task<Latency> MeasureAsync(string label, Action call, int warmup, int calls) =>
        MeasureAsync(label, () => { call(); return Task.CompletedTask; }, warmup, calls);

    // Nearest rank: the smallest value with at least p% of the calls at or below it.
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cica.Persistence.Writing;

/// <summary>
/// The group-commit writer's metrics (meter "Cica.Persistence", tagged db.name): how many writes each
/// transaction carries, how long a write waits for its turn, how long the writes run, and how long the
/// COMMIT (the fsync) takes. Together they say whether a database's one writer is the bottleneck.
/// </summary>
internal static class WriterMetrics
{
    public const string MeterName = "Cica.Persistence";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("cica.db.write.batch_size", unit: "{write}",
        description: "Writes taken together into one transaction (group commit), a cancelled or failed one included",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    private static readonly Histogram<double> Queued = Meter.CreateHistogram<double>("cica.db.write.queue_time", unit: "ms",
        description: "Time a write waited for the writer, from its request to the start of its transaction");

    private static readonly Histogram<double> Running = Meter.CreateHistogram<double>("cica.db.write.run_time", unit: "ms",
        description: "Time a transaction's writes (and riders) ran, before its COMMIT");

    private static readonly Histogram<double> Committing = Meter.CreateHistogram<double>("cica.db.write.commit_time", unit: "ms",
        description: "Time of a transaction's COMMIT: on SQLite, writing and syncing the WAL");

    public static void Queue(string database, long requested, long started) =>
        Queued.Record(Stopwatch.GetElapsedTime(requested, started).TotalMilliseconds, Tag(database));

    public static void Transaction(string database, int writes, long started, long committing, long committed)
    {
        var tag = Tag(database);
        BatchSize.Record(writes, tag);
        Running.Record(Stopwatch.GetElapsedTime(started, committing).TotalMilliseconds, tag);
        Committing.Record(Stopwatch.GetElapsedTime(committing, committed).TotalMilliseconds, tag);
    }

    private static KeyValuePair<string, object?> Tag(string database) => new("db.name", database);
}

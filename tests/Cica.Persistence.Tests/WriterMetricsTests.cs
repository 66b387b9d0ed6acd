using System.Diagnostics.Metrics;
using Cica.Testing;

namespace Cica.Persistence.Tests;

/// <summary>
/// What operations read off the group-commit writer's metrics: how many writes each transaction
/// carried, and a queue time for every write and a run and commit time for every transaction.
/// </summary>
public sealed class WriterMetricsTests : IDisposable
{
    private const string Service = "metered";
    private readonly TempDirectory _data = new("cica-writer-metrics-test");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Writes_queued_behind_a_running_transaction_are_committed_together_and_the_batch_sizes_say_so()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path, Service);
        using var recorded = new Recorded();

        // The first write holds the writer until the other 19 are queued behind it: they can only be
        // committed together, in the transaction after the first's.
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.WriteAsync(async uow =>
        {
            running.SetResult();
            await holding.Task;
            return await Insert(uow, 0);
        }, CancellationToken.None);
        await running.Task;
        var others = Enumerable.Range(1, 19).Select(i => database.WriteAsync(uow => Insert(uow, i), CancellationToken.None)).ToArray();
        holding.SetResult();
        await Task.WhenAll([first, .. others]);

        Assert.Equal([1, 19], recorded.BatchSizes);
        Assert.Equal(20, recorded.Count("cica.db.write.queue_time"));
        Assert.Equal(2, recorded.Count("cica.db.write.run_time"));
        Assert.Equal(2, recorded.Count("cica.db.write.commit_time"));
        Assert.All(recorded.Durations, d => Assert.True(d >= 0, $"a negative duration: {d} ms"));
    }

    private static Task<int> Insert(UnitOfWork uow, int i) => uow.ExecuteAsync(
        "INSERT INTO request_log (operation, request_id, fingerprint, response, created_at) VALUES ('Metered', @RequestId, 'f', @Response, 'now')",
        new { RequestId = $"metered-{i}", Response = new byte[] { 1 } }, CancellationToken.None);

    // The writer's measurements for this test's database only (other tests' databases write in this process too).
    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, double Value)> _values = [];

        public Recorded()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Cica.Persistence") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public IReadOnlyList<int> BatchSizes { get { lock (_values) return [.. _values.Where(v => v.Instrument == "cica.db.write.batch_size").Select(v => (int)v.Value)]; } }

        public IReadOnlyList<double> Durations { get { lock (_values) return [.. _values.Where(v => v.Instrument != "cica.db.write.batch_size").Select(v => v.Value)]; } }

        public int Count(string instrument) { lock (_values) return _values.Count(v => v.Instrument == instrument); }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
                if (tag.Key == "db.name" && Service.Equals(tag.Value))
                    lock (_values) _values.Add((instrument.Name, value));
        }

        public void Dispose() => _listener.Dispose();
    }
}

using Cica.FaultInjection;
using Xunit.Abstractions;

namespace Cica.Messaging.Tests;

/// <summary>
/// The shortened fault-injection run (issue 13), so the command cannot rot: the five-process suite on
/// the test run's RabbitMQ, a few seconds of accessions per fault, and three faults: the broker
/// killed with kill -9 and restarted over its data, the producer killed with rows in its outbox,
/// a consumer killed holding unacknowledged deliveries. The full run: tests/Cica.FaultInjection.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Broker_producer_and_consumer_killed_mid_stream_lose_no_event_and_apply_none_twice()
    {
        using var data = new Cica.Testing.TempDirectory();
        var faults = Faults.All.Where(f => Faults.Quick.Contains(f.Key)).ToList();

        var results = await FaultCampaign.RunAsync(faults, quick: true, data.Path, line => output.WriteLine(line));
        output.WriteLine(Report.Table(results));

        Assert.Equal(Faults.Quick, results.Select(r => r.Key));
        Assert.All(results, r =>
        {
            Assert.Null(r.Error);
            Assert.True(r.Committed > 0, $"{r.Key}: nothing committed");
            Assert.True(r.Lost == 0, $"{r.Key}: lost {r.Lost}: {string.Join("; ", r.Missing.Select(m => $"{m.Key} lacks {string.Join(",", m.Value)}"))}");
            Assert.Equal(0, r.DuplicatesApplied);
            Assert.NotNull(r.RecoverySeconds);
        });
    }
}

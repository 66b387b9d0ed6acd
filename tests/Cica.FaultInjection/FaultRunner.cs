using System.Diagnostics;
using Cica.Contracts.Membership.V1;
using Grpc.Core;

namespace Cica.FaultInjection;

/// <summary>How long and how fast each fault's stream runs.</summary>
/// <param name="Countries">Accessions per fault (three events each; the admission is tracked); the suite has about 160 applicants for all its faults.</param>
/// <param name="PerSecond">Accessions started per second.</param>
/// <param name="Lead">Stream before the fault is injected.</param>
/// <param name="Patience">How long after the stream consumers may take before what they lack counts as lost.</param>
public sealed record StreamShape(int Countries, double PerSecond, TimeSpan Lead, TimeSpan Patience)
{
    /// <summary>The shortened run of the test command: a few seconds of stream per fault.</summary>
    public static StreamShape Quick { get; } = new(15, 6, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>The full run of the command.</summary>
    public static StreamShape Full { get; } = new(25, 4, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(120));
}

/// <summary>
/// Runs one fault: a feed client follows the gateway, the driver streams accessions, the fault is
/// injected after the lead, and the consumers' databases are polled until they have applied what
/// the producer committed (or the patience ends: what is missing then is lost).
/// </summary>
public static class FaultRunner
{
    /// <summary>Runs <paramref name="fault"/> on <paramref name="suite"/> with <paramref name="countries"/>.</summary>
    public static async Task<FaultResult> RunAsync(Fault fault, Suite suite, IReadOnlyList<string> countries, StreamShape shape, Action<string> log)
    {
        var context = new FaultContext(suite, log);
        await using var follower = FeedFollower.Start(suite.AddressOf(Suite.Gateway));
        try
        {
            if (fault.Prepare is not null) await fault.Prepare(suite, context);
            var before = await Consumption.ReadAsync(suite, follower);
            var driver = new AccessionDriver(context.Producers, fault.Key + "-" + Guid.NewGuid().ToString("N")[..8]);
            using var cancel = new CancellationTokenSource();
            var stream = driver.RunAsync(countries, shape.PerSecond, parallel: 3, cancel.Token);

            // The fault comes once the stream flows: after the lead and a third of the admissions.
            var lead = Stopwatch.StartNew();
            while ((lead.Elapsed < shape.Lead || driver.Admitted.Count < countries.Count / 3) && lead.Elapsed < TimeSpan.FromSeconds(60) && !stream.IsCompleted)
                await Task.Delay(50);
            log($"  {fault.Key}: injecting after {driver.Admitted.Count} admissions");
            var injectedAt = DateTime.UtcNow;
            var injected = Stopwatch.StartNew();
            await fault.Inject(suite, context);
            var outage = injected.Elapsed;
            var backAt = DateTime.UtcNow;
            log($"  {fault.Key}: back after {outage.TotalSeconds:F1} s");

            // Recovered: every admission committed before the component was back is applied everywhere.
            double? recovery = null;
            var deadline = DateTime.UtcNow + shape.Patience;
            var committedBeforeBack = driver.Admitted.Where(a => a.Value <= backAt).Select(a => a.Key).ToList();
            while (DateTime.UtcNow < deadline)
            {
                if ((await Consumption.ReadAsync(suite, follower)).AppliedAll(committedBeforeBack))
                {
                    recovery = injected.Elapsed.TotalSeconds;
                    break;
                }
                await Task.Delay(250);
            }
            log($"  {fault.Key}: recovered in {(recovery is { } r ? $"{r:F1} s" : "(not within the patience)")}; waiting for the stream's end");

            await stream;
            // What the producer holds is the truth (a write whose answer a crash swallowed may have committed).
            var committed = (await AdmittedAsync(suite, countries)).ToList();
            var after = await Consumption.ReadAsync(suite, follower);
            while (!after.AppliedAll(committed) && DateTime.UtcNow < deadline + shape.Patience)
            {
                await Task.Delay(250);
                after = await Consumption.ReadAsync(suite, follower);
            }
            await Task.Delay(TimeSpan.FromSeconds(1)); // a late redelivery would still show
            after = await Consumption.ReadAsync(suite, follower);

            var missing = after.Missing(committed);
            var notes = context.Notes.ToList();
            var lostPairs = missing.SelectMany(m => m.Value).ToList();
            if (lostPairs.Count > 0)
            {
                // Committed before the fault: possibly confirmed by the broker and then destroyed with it.
                // Committed after it: in the outbox while the fault lasted, which must never be lost.
                var early = lostPairs.Count(c => driver.Admitted.TryGetValue(c, out var at) && at < injectedAt);
                notes.Add($"of the lost, {early} were committed before the fault and {lostPairs.Count - early} during or after it");
            }
            if (driver.Failed.Count > 0) notes.Add($"driver gave up on {driver.Failed.Count}: {driver.Failed.First()}");
            if (committed.Count != driver.Admitted.Count) notes.Add($"{committed.Count} committed, {driver.Admitted.Count} confirmed to the driver");
            return new FaultResult(fault.Key, fault.Title, committed.Count, missing.Count, missing.Values.Sum(m => m.Count),
                after.DuplicatesDelivered - before.DuplicatesDelivered, after.DuplicatesApplied - before.DuplicatesApplied,
                outage.TotalSeconds, recovery, string.Join("; ", notes), missing.Where(m => m.Value.Count > 0).ToDictionary(),
                driver.Retries, follower.Reconnects);
        }
        finally
        {
            if (fault.Cleanup is not null) await fault.Cleanup(suite, context);
        }
    }

    /// <summary>Which of <paramref name="countries"/> Membership holds as member states.</summary>
    private static async Task<IEnumerable<string>> AdmittedAsync(Suite suite, IReadOnlyList<string> countries)
    {
        var client = new MembershipService.MembershipServiceClient(suite.ChannelTo(suite.AddressOf(Suite.Membership)));
        var members = new HashSet<string>();
        var token = "";
        do
        {
            var page = await client.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 200, PageToken = token },
                deadline: DateTime.UtcNow.AddSeconds(30));
            members.UnionWith(page.MemberStates.Select(m => m.CountryCode));
            token = page.NextPageToken;
        } while (token.Length > 0);
        return countries.Where(members.Contains);
    }
}

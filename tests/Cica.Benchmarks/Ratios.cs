using System.Diagnostics;
using System.Globalization;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Microsoft.Data.Sqlite;

namespace Cica.Benchmarks;

/// <summary>
/// The issue's ratios, measured in one run on one machine so that whatever else the machine does
/// weighs on both sides alike:
///   R1: a bare gRPC unary method (BareHost) under h2load -c10 -m10;
///   R2: GetMemberState and GetPriorityArea through the real platform under the same load, R2/R1;
///   R3: ReportActivity by 10 concurrent gRPC clients against the same kind of transaction written
///       with Dapper alone by 10 writers, R3/Dapper.
/// The platform runs as a child process (its Release build next to this program, as built by
/// `dotnet run -c Release`), the bare host too: neither shares a process with the other or with
/// the clients. Rounds are interleaved (R1, R2a, R2b, R1, ...) so that a burst of other work on the
/// machine hits every figure; the summary takes medians.
/// </summary>
public static class Ratios
{
    private const int Clients = 10, Streams = 10;
    private const int Writers = 10;
    /// <summary>The issue's targets: reads at least half the bare method, writes at least 0.8 of Dapper alone.</summary>
    public const double ReadTarget = 0.5, WriteTarget = 0.8;

    /// <summary>
    /// How long and how often: rounds of reads, seconds of h2load (after its warm-up), rounds and
    /// seconds of writes (after their warm-up), and the least untimed writing before the first write
    /// round. The platform's write path reaches its steady state (tiered JIT) only after 10–15 s under
    /// load: with 1 s, and again with 5 s, the rounds' rates still rose round after round (1,813, 2,108,
    /// 2,373 writes/s), and its CPU per write fell from 0.95 to 0.47 ms over the first 20 s. So the
    /// untimed passes go on (up to <see cref="MaxWarmupPasses"/>) until two in a row agree within 10 %.
    /// Five write rounds, not three: one round in five is hit by a neighbour on this shared machine
    /// (±0.15 on its ratio), and the median of five shrugs it off.
    /// </summary>
    public sealed record Plan(int Rounds, int ReadSeconds, int ReadWarmupSeconds, int WriteRounds, TimeSpan WriteSeconds, TimeSpan WriteWarmup, TimeSpan WriteUntimed)
    {
        /// <summary>Reads (R1, R2) only: no writes, so R3's figures stay empty.</summary>
        public bool ReadsOnly { get; init; }

        /// <summary>The figures to quote.</summary>
        public static Plan Full { get; } = new(3, 4, 1, 5, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(12));

        /// <summary>A sanity run (--quick).</summary>
        public static Plan Quick { get; } = new(1, 2, 1, 1, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)) { MaxWarmupPasses = 2 };

        /// <summary>Most untimed write passes before the rounds, whether or not they have settled.</summary>
        public int MaxWarmupPasses { get; init; } = 10;
    }

    /// <summary>
    /// What a run measured: each round's figure (req/s, writes/s), every write's latency, and the
    /// platform's resident memory (MiB) idle after start and at its peak under the loads, with the bare host's idle.
    /// </summary>
    public sealed record Measured(List<string> Summary, List<double> R1, List<double> R2a, List<double> R2b,
        List<double> Dapper, List<double> Rpc, double[] RpcLatencyMs, double[] DapperLatencyMs,
        double PlatformIdleMiB, double PlatformPeakMiB, double BareIdleMiB)
    {
        /// <summary>CPU time the platform process spent per write, median of the write rounds (ms).</summary>
        public double PlatformCpuPerWriteMs { get; init; } = double.NaN;

        /// <summary>CPU time the benchmark process (Dapper's loop) spent per write, median of the write rounds (ms).</summary>
        public double DapperCpuPerWriteMs { get; init; } = double.NaN;
    }

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs steps 6 and 7 in <paramref name="workDirectory"/>; returns the summary table's lines.</summary>
    public static async Task<Measured> RunAsync(string workDirectory, string cbmTemplate, Plan? plan = null)
    {
        plan ??= Plan.Full;
        var (rounds, readSeconds, readWarmupSeconds, writeSeconds, writeWarmup) = (plan.Rounds, plan.ReadSeconds, plan.ReadWarmupSeconds, plan.WriteSeconds, plan.WriteWarmup);
        List<double> r1s = [], r2as = [], r2bs = [];
        double bareIdle = double.NaN;
        var summary = new List<string>
        {
            string.Create(Invariant, $"{"figure",-66} {"value",14} {"ratio",7} {"target",7}  rounds' ratios"),
        };
        var platformData = Path.Combine(workDirectory, "platform");
        Directory.CreateDirectory(platformData);
        await using var platform = await PlatformProcess.StartAsync(platformData);
        // Idle: SERVING, then a few seconds for the seeds and background services to settle.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var platformIdle = Memory.ResidentMiB(platform.Id);
        Report.Fact("platform resident memory, idle", $"{platformIdle:F1} MiB (pid {platform.Id}, /proc VmRSS)");
        await using var peak = Memory.Sampler.Start(platform.Id);

        // 6. Reads under load.
        Report.Heading($"Reads under load: h2load -c{Clients} -m{Streams} -t1, {readSeconds} s after {readWarmupSeconds} s warm-up, {rounds} interleaved rounds");
        if (!H2Load.Installed)
        {
            Report.Fact("h2load", "skipped: not installed (apt-get install nghttp2-client)");
            summary.Add("R1, R2: skipped (h2load not installed)");
        }
        else
        {
            var memberState = new GetMemberStateRequest { Name = "memberStates/KAZ" };
            var area = new GetPriorityAreaRequest { Name = "priorityAreas/economic-8" };
            // The bare host answers with the very bytes the platform answers: the same messages on the wire.
            var kaz = await new MembershipService.MembershipServiceClient(platform.Channel).GetMemberStateAsync(memberState);
            var responseFile = Path.Combine(workDirectory, "kaz-response.bin");
            await File.WriteAllBytesAsync(responseFile, Google.Protobuf.MessageExtensions.ToByteArray(kaz));
            await using var bare = await BareHostProcess.StartAsync(responseFile);
            await Task.Delay(TimeSpan.FromSeconds(1));
            bareIdle = Memory.ResidentMiB(bare.Id);

            var memberStateBody = await H2Load.BodyAsync(workDirectory, "get-member-state", memberState);
            var areaBody = await H2Load.BodyAsync(workDirectory, "get-priority-area", area);
            (string Label, string Url, string Body)[] targets =
            [
                ("R1  bare host: GetMemberState (constant)", Url(bare.Address, MembershipService.Descriptor.FullName, "GetMemberState"), memberStateBody),
                ("R2a platform: GetMemberState memberStates/KAZ", Url(platform.Address, MembershipService.Descriptor.FullName, "GetMemberState"), memberStateBody),
                ("R2b platform: GetPriorityArea priorityAreas/economic-8", Url(platform.Address, CbmCoordinationService.Descriptor.FullName, "GetPriorityArea"), areaBody),
            ];
            foreach (var (label, url, body) in targets)
            {
                var status = await H2Load.GrpcStatusAsync(url, body);
                Report.Fact("one call by nghttp, " + label[..3].Trim(), $"{status ?? "no grpc-status trailer"}  ({url})");
                if (status != "grpc-status: 0") throw new InvalidOperationException($"{label}: {status ?? "no grpc-status"}; h2load would count errors as successes.");
            }

            // One untimed pass first: a fresh process runs tier-0 code and fills its caches at first;
            // without it the first round measures the JIT, not the steady state.
            foreach (var (label, url, body) in targets) await H2Load.TimedAsync(label, url, body, Clients, Streams, 2, 1);

            var runs = targets.Select(_ => new List<H2Load.Throughput>()).ToArray();
            Console.WriteLine(string.Create(Invariant, $"   {"round / target",-66} {"req/s",10} {"mean",9} {"done",8} {"failed",7} {"errored",7} {"÷ R1",7}"));
            for (var round = 1; round <= rounds; round++)
            {
                H2Load.Throughput? r1 = null;
                for (var t = 0; t < targets.Length; t++)
                {
                    var run = await H2Load.TimedAsync(targets[t].Label, targets[t].Url, targets[t].Body, Clients, Streams, readSeconds, readWarmupSeconds);
                    if (run.Failed + run.Errored > 0 || run.Exit != 0 || run.Done == 0)
                        throw new InvalidOperationException($"h2load on {run.Label}: exit {run.Exit}, {run.Done} done, {run.Failed} failed, {run.Errored} errored.");
                    runs[t].Add(run);
                    r1 ??= run;
                    Console.WriteLine(string.Create(Invariant,
                        $"   {round + ". " + run.Label,-66} {run.RequestsPerSecond,10:F0} {run.MeanLatency,9} {run.Done,8} {run.Failed,7} {run.Errored,7} {run.RequestsPerSecond / r1.RequestsPerSecond,7:F2}"));
                }
            }
            r1s = runs[0].Select(r => r.RequestsPerSecond).ToList();
            r2as = runs[1].Select(r => r.RequestsPerSecond).ToList();
            r2bs = runs[2].Select(r => r.RequestsPerSecond).ToList();
            var baseline = Median(runs[0].Select(r => r.RequestsPerSecond));
            summary.Add(Row(targets[0].Label + " (h2load)", $"{baseline:F0} req/s", 1, null, ""));
            for (var t = 1; t < targets.Length; t++)
            {
                var perRound = Enumerable.Range(0, rounds).Select(i => runs[t][i].RequestsPerSecond / runs[0][i].RequestsPerSecond);
                summary.Add(Row(targets[t].Label + " (h2load)", $"{Median(runs[t].Select(r => r.RequestsPerSecond)):F0} req/s",
                    Median(runs[t].Select(r => r.RequestsPerSecond)) / baseline, ReadTarget, string.Join(" ", perRound.Select(r => r.ToString("F2", Invariant)))));
            }
        }

        if (plan.ReadsOnly)
            return new Measured(summary, r1s, r2as, r2bs, [], [], [], [], platformIdle, peak.PeakMiB, bareIdle);

        // 7. Concurrent writes.
        var writeRounds = plan.WriteRounds;
        Report.Heading($"Concurrent writes: {Writers} writers, {writeSeconds.TotalSeconds} s after {writeWarmup.TotalSeconds} s warm-up, {writeRounds} interleaved rounds");
        Report.Fact("ReportActivity", $"a new activity and request_id per call, {WriteLoad.Caller} in {WriteLoad.Area}, {Writers} channels (one HTTP/2 connection each)");
        var scratch = Path.Combine(workDirectory, "scratch-cbm.db");
        File.Copy(cbmTemplate, scratch);   // the platform's own schema (made by its migrations at step 1), no WAL left behind
        Report.Fact("Dapper only", $"the same transaction's writes on a scratch copy of cbm.db ({Path.GetFileName(scratch)})");
        await WarmUpWritesAsync(platform, scratch, plan);
        var platformRuns = new List<WriteLoad.Run>();
        var dapperRuns = new List<WriteLoad.Run>();
        var cpu = new List<(double Dapper, double Platform)>();
        Console.WriteLine(string.Create(Invariant, $"   {"round / target",-66} {"writes/s",10} {"p50 ms",9} {"p99 ms",9} {"writes",8} {"÷ Dapper",9} {"CPU/write",10}"));
        for (var round = 1; round <= writeRounds; round++)
        {
            var (dapper, dapperCpu) = await CpuPerWriteAsync(Environment.ProcessId, () => WriteLoad.DapperAsync(scratch, $"dapper-{round}", Writers, writeWarmup, writeSeconds));
            SqliteConnection.ClearAllPools();
            var (rpc, rpcCpu) = await CpuPerWriteAsync(platform.Id, () => WriteLoad.ReportActivitiesAsync(platform.Address, $"bench-{round}", Writers, writeWarmup, writeSeconds));
            dapperRuns.Add(dapper);
            platformRuns.Add(rpc);
            cpu.Add((dapperCpu, rpcCpu));
            foreach (var (run, cpuMs) in new[] { (dapper, dapperCpu), (rpc, rpcCpu) })
                Console.WriteLine(string.Create(Invariant,
                    $"   {round + ". " + run.Label,-66} {run.PerSecond,10:F0} {run.Percentile(50),9:F2} {run.Percentile(99),9:F2} {run.Writes,8} {run.PerSecond / dapper.PerSecond,9:F2} {cpuMs,7:F3} ms"));
            Console.WriteLine("      Dapper " + dapper.Breakdown);
        }
        var dapperMedian = Median(dapperRuns.Select(r => r.PerSecond));
        var rpcMedian = Median(platformRuns.Select(r => r.PerSecond));
        var allRpc = platformRuns.SelectMany(r => r.LatenciesMs).Order().ToArray();
        var pooled = new WriteLoad.Run("all rounds", allRpc.Length, TimeSpan.Zero, allRpc);
        var allDapper = dapperRuns.SelectMany(r => r.LatenciesMs).Order().ToArray();
        var pooledDapper = new WriteLoad.Run("all rounds", allDapper.Length, TimeSpan.Zero, allDapper);
        summary.Add(Row($"Dapper only, same transaction, {Writers} writers", $"{dapperMedian:F0} writes/s", 1, null, ""));
        summary.Add(Row($"R3  ReportActivity, {Writers} gRPC clients", $"{rpcMedian:F0} writes/s", rpcMedian / dapperMedian, WriteTarget,
            string.Join(" ", platformRuns.Select((r, i) => (r.PerSecond / dapperRuns[i].PerSecond).ToString("F2", Invariant)))));
        summary.Add(string.Create(Invariant, $"{"R3  ReportActivity latency, all rounds (" + allRpc.Length + " calls)",-66} p50 {pooled.Percentile(50):F2} ms, p99 {pooled.Percentile(99):F2} ms"));
        summary.Add(string.Create(Invariant, $"{"    Dapper transaction latency, all rounds (" + allDapper.Length + ")",-66} p50 {pooledDapper.Percentile(50):F2} ms, p99 {pooledDapper.Percentile(99):F2} ms"));
        var platformCpuPerWrite = Median(cpu.Select(c => c.Platform));
        var dapperCpuPerWrite = Median(cpu.Select(c => c.Dapper));
        summary.Add(string.Create(Invariant, $"{"    CPU per write, median of rounds: platform process; Dapper's",-66} {platformCpuPerWrite:F3} ms; {dapperCpuPerWrite:F3} ms"));
        var platformPeak = peak.PeakMiB;
        summary.Add(string.Create(Invariant, $"{"platform resident memory: idle, peak under load (bare host idle)",-66} {platformIdle:F1} MiB, {platformPeak:F1} MiB ({bareIdle:F1} MiB)"));
        return new Measured(summary, r1s, r2as, r2bs, dapperRuns.Select(r => r.PerSecond).ToList(), platformRuns.Select(r => r.PerSecond).ToList(),
            allRpc, allDapper, platformIdle, platformPeak, bareIdle) { PlatformCpuPerWriteMs = platformCpuPerWrite, DapperCpuPerWriteMs = dapperCpuPerWrite };
    }

    // Untimed passes, Dapper then the platform as in the rounds, at least plan.WriteUntimed of each,
    // then on until the platform's last two passes agree within 10 % (or MaxWarmupPasses).
    private static async Task WarmUpWritesAsync(PlatformProcess platform, string scratch, Plan plan)
    {
        var rates = new List<double>();
        var least = (int)Math.Ceiling(plan.WriteUntimed / plan.WriteSeconds);
        for (var pass = 1; pass <= plan.MaxWarmupPasses; pass++)
        {
            await WriteLoad.DapperAsync(scratch, $"warmup-dapper-{pass}", Writers, TimeSpan.Zero, plan.WriteSeconds);
            SqliteConnection.ClearAllPools();
            rates.Add((await WriteLoad.ReportActivitiesAsync(platform.Address, $"warmup-{pass}", Writers, TimeSpan.Zero, plan.WriteSeconds)).PerSecond);
            if (pass >= least && pass >= 2 && Math.Abs(rates[^1] / rates[^2] - 1) <= 0.10) break;
        }
        Report.Fact("untimed write passes", string.Create(Invariant, $"{rates.Count} of {plan.WriteSeconds.TotalSeconds} s, ReportActivity at {string.Join(" ", rates.Select(r => r.ToString("F0", Invariant)))} writes/s"));
    }

    /// <summary>Runs a load and returns it with the CPU time process <paramref name="pid"/> spent per write (ms), its warm-up second included.</summary>
    internal static async Task<(WriteLoad.Run Run, double CpuMsPerWrite)> CpuPerWriteAsync(int pid, Func<Task<WriteLoad.Run>> load)
    {
        using var process = Process.GetProcessById(pid);
        var before = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var run = await load();
        process.Refresh();
        var spent = process.TotalProcessorTime - before;
        // The run counts its timed writes only; the warm-up second wrote at about the same rate.
        var writes = run.PerSecond * Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (run, spent.TotalMilliseconds / writes);
    }

    private static string Url(Uri address, string service, string method) => new Uri(address, $"/{service}/{method}").ToString();

    private static string Row(string figure, string value, double ratio, double? target, string rounds) =>
        string.Create(Invariant, $"{figure,-66} {value,14} {ratio,7:F2} {(target is null ? "" : "≥ " + target.Value.ToString("F1", Invariant)),7}  {rounds}");

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

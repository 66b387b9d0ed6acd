// `dotnet run -c Release --project tests/Cica.Benchmarks -- --writes [rounds] [seconds]`: R3 alone
// (ReportActivity by 10 gRPC clients against the same transaction written with Dapper alone), in
// about 30 s instead of the whole command's minutes, for profiling the write path: the platform's
// process id is printed so that dotnet-trace / dotnet-counters can attach while the rounds run.
using System.Globalization;
using Cica.CbmCoordination;
using Cica.Testing;
using Microsoft.Data.Sqlite;

namespace Cica.Benchmarks;

/// <summary>The write ratio R3 on its own, rounds interleaved as in <see cref="Ratios"/>.</summary>
public static class WriteRatio
{
    /// <summary>The command-line switch.</summary>
    public const string Argument = "--writes";

    private const int Writers = 10;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Runs the rounds and prints each round's figures and the median ratio.</summary>
    public static async Task RunAsync(string[] args)
    {
        var numbers = args.SkipWhile(a => a != Argument).Skip(1).Select(a => int.TryParse(a, out var n) ? n : 0).ToArray();
        var rounds = numbers.Length > 0 && numbers[0] > 0 ? numbers[0] : 5;
        var seconds = TimeSpan.FromSeconds(numbers.Length > 1 && numbers[1] > 0 ? numbers[1] : 3);
        var warmup = TimeSpan.FromSeconds(0.5);
        Console.WriteLine($"Cica.Benchmarks {Argument}: R3, {Writers} writers, {rounds} interleaved rounds of {seconds.TotalSeconds} s");
        Report.Fact("load average at start", Report.LoadAverage());
#if DEBUG
        Report.Fact("WARNING", "Debug build: run with -c Release for figures worth quoting");
#endif
        using var data = new TempDirectory("cica-bench-writes");
        await (await PlatformHost.StartAsync(data.Path)).DisposeAsync();   // the schema, made by the platform itself
        SqliteConnection.ClearAllPools();
        var scratch = Path.Combine(data.Path, "scratch-cbm.db");
        File.Copy(Path.Combine(data.Path, CbmCoordinationModule.ServiceName + ".db"), scratch);

        var platformData = Path.Combine(data.Path, "platform");
        Directory.CreateDirectory(platformData);
        await using var platform = await PlatformProcess.StartAsync(platformData);
        Report.Fact("platform", $"{platform.Address} (find its pid with: pgrep -f 'DataDirectory={platformData}')");

        await WriteLoad.DapperAsync(scratch, "warmup", Writers, TimeSpan.Zero, warmup * 2);
        await WriteLoad.ReportActivitiesAsync(platform.Address, "warmup", Writers, TimeSpan.Zero, warmup * 2);
        var ratios = new List<double>();
        var rpcAll = new List<double>();
        var dapperAll = new List<double>();
        var cpuPerWrite = new List<(double Dapper, double Platform)>();
        Console.WriteLine(string.Create(Invariant, $"   {"round / target",-40} {"writes/s",10} {"p50 ms",9} {"p99 ms",9} {"writes",8} {"÷ Dapper",9}"));
        for (var round = 1; round <= rounds; round++)
        {
            var (dapper, dapperCpu) = await Ratios.CpuPerWriteAsync(Environment.ProcessId, () => WriteLoad.DapperAsync(scratch, $"dapper-{round}", Writers, warmup, seconds));
            SqliteConnection.ClearAllPools();
            var (rpc, rpcCpu) = await Ratios.CpuPerWriteAsync(platform.Id, () => WriteLoad.ReportActivitiesAsync(platform.Address, $"bench-{round}", Writers, warmup, seconds));
            cpuPerWrite.Add((dapperCpu, rpcCpu));
            ratios.Add(rpc.PerSecond / dapper.PerSecond);
            rpcAll.AddRange(rpc.LatenciesMs);
            dapperAll.AddRange(dapper.LatenciesMs);
            foreach (var run in new[] { dapper, rpc })
                Console.WriteLine(string.Create(Invariant,
                    $"   {round + ". " + run.Label,-40} {run.PerSecond,10:F0} {run.Percentile(50),9:F2} {run.Percentile(99),9:F2} {run.Writes,8} {run.PerSecond / dapper.PerSecond,9:F2}"));
        }
        var sorted = ratios.Order().ToArray();
        var rpcPooled = new WriteLoad.Run("", rpcAll.Count, TimeSpan.Zero, [.. rpcAll.Order()]);
        var dapperPooled = new WriteLoad.Run("", dapperAll.Count, TimeSpan.Zero, [.. dapperAll.Order()]);
        Report.Fact("R3 / Dapper, median of rounds", string.Create(Invariant, $"{sorted[sorted.Length / 2]:F2} (target >= 0.8; rounds {string.Join(" ", ratios.Select(r => r.ToString("F2", Invariant)))})"));
        Report.Fact("latency, all rounds", string.Create(Invariant,
            $"ReportActivity p50 {rpcPooled.Percentile(50):F2} ms p99 {rpcPooled.Percentile(99):F2} ms; Dapper p50 {dapperPooled.Percentile(50):F2} ms p99 {dapperPooled.Percentile(99):F2} ms"));
        Report.Fact("CPU per write (ms)", string.Join("; ", cpuPerWrite.Select(c => string.Create(Invariant, $"Dapper {c.Dapper:F3} platform {c.Platform:F3}"))));
        Report.Fact("load average at end", Report.LoadAverage());
    }
}

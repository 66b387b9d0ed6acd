using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Cica.CbmCoordination;
using Cica.Testing;
using Microsoft.Data.Sqlite;

namespace Cica.Benchmarks;

/// <summary>
/// Issue 13's one benchmark command: every figure of the issue in one run, each the median of
/// several runs after a warm-up, next to a baseline measured in the same run, with its ratio and
/// target, printed as one table and written as results.md and results.json.
///
///   dotnet run -c Release --project tests/Cica.Benchmarks -- all [--rabbitmq amqp://…] [--quick] [--reads] [--only R5[,R6…]] [--out DIR] [--latest FILE]
///   deploy/scripts/bench.sh [--quick]        (starts a private RabbitMQ when none is given)
///
/// Without a broker (--rabbitmq, or CICA_TEST_RABBITMQ) R5 and R6 are skipped and say so.
/// Each part runs on its own: a part that fails is a row that says why, and the rest still run.
/// --reads runs only R1 and R2 (the same rows, in the same table), for work on the read path.
/// </summary>
public static class Suite
{
    /// <summary>The first argument that selects the suite.</summary>
    public const string Argument = "all";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The parts --only selects (null: every part).
    private static string[]? _only;

    /// <summary>Runs everything and writes the results.</summary>
    public static async Task RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var readsOnly = args.Contains("--reads");
        var broker = Option(args, "--rabbitmq") ?? Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ");
        var root = RepositoryRoot();
        var started = DateTimeOffset.UtcNow;
        var output = Option(args, "--out") ?? Path.Combine(root, ".artifacts", "benchmarks", started.ToString("yyyyMMdd-HHmmss", Invariant) + (quick ? "-quick" : "") + (readsOnly ? "-reads" : ""));
        var latest = Option(args, "--latest");
        // --only R5 (parts R1-R3, R4, R5, R6, S, comma-separated): just those parts, in the same table.
        _only = Option(args, "--only")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var total = Stopwatch.StartNew();

        var facts = new List<(string Name, string Value)>
        {
            ("started", started.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant)),
            ("mode", (quick ? "--quick (sanity run: short, one round; not figures to quote)" : "full") + (readsOnly ? ", --reads (R1 and R2 only)" : "")),
            ("machine", $"{Environment.ProcessorCount} cores (nproc), {CpuModel()}, {RuntimeInformation.OSDescription}"),
            ("runtime", $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC"),
            ("commit", Git(root, "rev-parse --short HEAD") ?? "unknown"),
            ("broker", broker is null ? "none (R5, R6 skipped)" : $"RabbitMQ at {new Uri(broker).Host}:{new Uri(broker).Port}"),
            ("load average at start", Report.LoadAverage()),
        };
        if (_only is not null) facts.Add(("parts", string.Join(", ", _only) + " only (--only)"));
        Console.WriteLine("Cica.Benchmarks all: every figure of issue 13, medians of runs, baselines from the same run");
        foreach (var (name, value) in facts) Report.Fact(name, value);
#if DEBUG
        Report.Fact("WARNING", "Debug build: run with -c Release for figures worth quoting");
        facts.Add(("WARNING", "Debug build"));
#endif

        var rows = new List<ResultRow>();
        using var data = new TempDirectory("cica-bench-all");
        var seeded = Path.Combine(data.Path, "seeded");
        Directory.CreateDirectory(seeded);

        await Part(rows, "R1-R3", async () =>
        {
            // The platform makes its schema and seed once; R3's Dapper loop writes on a copy of its cbm.db, the scale part on copies of the whole directory.
            await (await PlatformHost.StartAsync(seeded, ScaleLoad.Quiet)).DisposeAsync();
            SqliteConnection.ClearAllPools();
            var m = await Ratios.RunAsync(data.Path, Path.Combine(seeded, CbmCoordinationModule.ServiceName + ".db"), (quick ? Ratios.Plan.Quick : Ratios.Plan.Full) with { ReadsOnly = readsOnly });
            var r1 = Ratios.Median(m.R1);
            rows.Add(new("R1", "bare gRPC unary (GetMemberState, constant), h2load -c10 -m10", r1, "req/s", null, null, "", null, [.. m.R1]));
            foreach (var (id, name, runs) in new[]
            {
                ("R2a", "GetMemberState through the platform (JWT, validation, audit on) vs R1", m.R2a),
                ("R2b", "GetPriorityArea through the platform (JWT, validation, audit on) vs R1", m.R2b),
            })
            {
                var v = Ratios.Median(runs);
                rows.Add(new(id, name, v, "req/s", r1, v / r1, $"≥ {Ratios.ReadTarget:F1}", v / r1 >= Ratios.ReadTarget, [.. runs]));
            }
            if (readsOnly) return;
            var dapper = Ratios.Median(m.Dapper);
            var rpc = Ratios.Median(m.Rpc);
            rows.Add(new("R3", "ReportActivity, 10 clients (JWT, validation, audit) vs the same transaction by Dapper alone", rpc, "writes/s", dapper, rpc / dapper,
                $"≥ {Ratios.WriteTarget:F1}", rpc / dapper >= Ratios.WriteTarget, [.. m.Rpc],
                string.Create(Invariant, $"ReportActivity p50 {Percentile(m.RpcLatencyMs, 50):F2} ms, p99 {Percentile(m.RpcLatencyMs, 99):F2} ms; Dapper p50 {Percentile(m.DapperLatencyMs, 50):F2} ms, p99 {Percentile(m.DapperLatencyMs, 99):F2} ms; Dapper rounds {string.Join(" ", m.Dapper.Select(d => ResultRow.Format(d)))} writes/s; CPU per write: platform {m.PlatformCpuPerWriteMs:F3} ms, Dapper's process {m.DapperCpuPerWriteMs:F3} ms")));
            rows.Add(new("M1", "resident memory of the all-in-one host, idle after start, vs the bare gRPC host idle", m.PlatformIdleMiB, "MiB", m.BareIdleMiB,
                m.PlatformIdleMiB / m.BareIdleMiB, "(none)", null, [m.PlatformIdleMiB]));
            rows.Add(new("M2", "resident memory of the all-in-one host, peak under the R2/R3 load, vs idle", m.PlatformPeakMiB, "MiB", m.PlatformIdleMiB,
                m.PlatformPeakMiB / m.PlatformIdleMiB, "(none)", null, [m.PlatformPeakMiB], "VmRSS from /proc/PID/status, sampled every 200 ms"));
        });

        if (!readsOnly) await Part(rows, "R4", async () =>
        {
            // 3,000 untimed rounds (~15 s): with 200, the four slices' overheads still fell slice after
            // slice (3.22, 1.87, 1.21, 0.87 ms) as the process's code reached its optimised tier.
            var g = await GatewayOverhead.MeasureAsync(rounds: quick ? 300 : 2000, warmup: quick ? 100 : GatewayOverhead.Warmup, batches: quick ? 1 : 4);
            var dossier = Ratios.Median(g.BatchDossierP50);
            var slowest = Ratios.Median(g.BatchSlowestP50);
            var overheads = g.BatchDossierP50.Zip(g.BatchSlowestP50, (d, s) => d - s).ToArray();
            var overhead = Ratios.Median(overheads);
            rows.Add(new("R4", "gateway GetCountryDossier p50 vs its slowest single downstream call p50", dossier, "ms", slowest, dossier / slowest,
                "overhead ≤ 1 ms", overhead <= 1.0, [.. g.BatchDossierP50],
                string.Create(Invariant, $"p50 overhead {overhead:F2} ms (runs: {string.Join(" ", overheads.Select(o => o.ToString("F2", Invariant)))}); slowest call: {g.Slowest}; {g.Calls} downstream calls per dossier; {g.Partial} partial dossiers")));
            rows.Add(new("R4p99", "gateway GetCountryDossier p99 vs the slowest p99 of any single call", g.DossierP99, "ms", g.SlowestP99, g.DossierP99 / g.SlowestP99,
                "(none)", null, [g.DossierP99], string.Create(Invariant, $"p99 overhead {g.DossierP99 - g.SlowestP99:F2} ms over all rounds")));
        });

        if (!readsOnly)
        {
            if (broker is null)
            {
                rows.Add(new("R5", "outbox relay events/s vs raw RabbitMQ.Client", double.NaN, "events/s", null, null, "≥ 0.5", null, [], "skipped: no broker (--rabbitmq or CICA_TEST_RABBITMQ)"));
                rows.Add(new("R6", "event latency commit → inbox commit", double.NaN, "ms", null, null, "p50 ≤ 5, p99 ≤ 15", null, [], "skipped: no broker"));
            }
            else
            {
                await Part(rows, "R5", async () =>
                {
                    var e = await EventThroughput.MeasureAsync(broker, rounds: quick ? 1 : 5, events: quick ? 1000 : EventThroughput.Events);
                    var relay = Ratios.Median(e.Relay);
                    var raw = Ratios.Median(e.Raw);
                    rows.Add(new("R5", "outbox relay (confirms) draining a backlog vs raw RabbitMQ.Client, persistent + confirms, 256 in flight", relay, "events/s", raw, relay / raw,
                        "≥ 0.5", relay / raw >= 0.5, [.. e.Relay], $"raw rounds {string.Join(" ", e.Raw.Select(r => ResultRow.Format(r)))} events/s"));
                });
                await Part(rows, "R6", async () =>
                {
                    var (rounds, seconds) = quick ? (1, 3.0) : (3, 10.0);
                    var bare = await EventLatency.BareBusAsync(broker, rounds, seconds);
                    var platform = await EventLatency.PlatformAsync(broker, rounds, seconds);
                    var p50 = Ratios.Median(platform.P50);
                    var p99 = Ratios.Median(platform.P99);
                    var bareP50 = Ratios.Median(bare.P50);
                    var bareP99 = Ratios.Median(bare.P99);
                    var counts = $"{platform.Timed} events timed, {platform.Lost} not consumed within 15 s; baseline {bare.Timed} messages, {bare.Lost} not consumed";
                    rows.Add(new("R6p50", $"event latency p50, commit → consumer's inbox commit, {EventLatency.Rate}/s, vs MassTransit alone publish → consume", p50, "ms", bareP50, p50 / bareP50,
                        $"≤ {EventLatency.TargetP50Ms:F0} ms", p50 <= EventLatency.TargetP50Ms, [.. platform.P50], counts));
                    rows.Add(new("R6p99", "event latency p99, same run", p99, "ms", bareP99, p99 / bareP99,
                        $"≤ {EventLatency.TargetP99Ms:F0} ms", p99 <= EventLatency.TargetP99Ms, [.. platform.P99]));
                });
            }
        }

        if (!readsOnly) await Part(rows, "S", async () =>
        {
            if (!File.Exists(Path.Combine(seeded, CbmCoordinationModule.ServiceName + ".db")))
            {
                await (await PlatformHost.StartAsync(seeded, ScaleLoad.Quiet)).DisposeAsync();
                SqliteConnection.ClearAllPools();
            }
            Report.Heading("Scale: List and search over 100,000 activities and 10,000 concept-paper revisions vs a small data set");
            // The small data set is made the same way, large enough that a page of 100 is full on both sides.
            var step = Stopwatch.StartNew();
            var smallSet = await ScaleLoad.PrepareAsync(seeded, Path.Combine(data.Path, "small"), activities: 1_000, revisions: 200);
            var largeSet = await ScaleLoad.PrepareAsync(seeded, Path.Combine(data.Path, "large"), activities: 100_000, revisions: 10_000);
            Report.Fact("small data set", smallSet);
            Report.Fact("large data set", $"{largeSet} (both made in {Report.Seconds(step.Elapsed)})");
            var queries = ScaleLoad.Queries("security");
            var (rounds, warmup, calls) = quick ? (1, 20, 30) : (3, 50, 100);
            // An untimed pass over the small set first, so that neither side carries this process's warm-up
            // (JIT tiers, thread pool, GC budgets): measured first without it, the small set read 6.4, 3.1, 3.3 ms
            // for S6 and 66, 14, 13 ms for S4 in its three rounds, against 2.0 and 9.4 ms when measured again.
            await ScaleLoad.MeasureAsync(Path.Combine(data.Path, "small"), queries, rounds, warmup, calls);
            SqliteConnection.ClearAllPools();
            var small = await ScaleLoad.MeasureAsync(Path.Combine(data.Path, "small"), queries, rounds, warmup, calls);
            SqliteConnection.ClearAllPools();
            var big = await ScaleLoad.MeasureAsync(Path.Combine(data.Path, "large"), queries, rounds, warmup, calls);
            SqliteConnection.ClearAllPools();
            foreach (var q in queries)
            {
                var v = Ratios.Median(big.MediansMs[q.Id]);
                var b = Ratios.Median(small.MediansMs[q.Id]);
                rows.Add(new(q.Id, q.Name + ": large vs small data set", v, "ms", b, v / b, "≤ 1.5 (flat)", v / b <= 1.5, [.. big.MediansMs[q.Id]],
                    $"rows per call: large {big.Rows[q.Id]}, small {small.Rows[q.Id]}"));
            }
            rows[^queries.Count] = rows[^queries.Count] with { Note = $"{rows[^queries.Count].Note}; large: {largeSet}; small: {smallSet}" };
        });

        facts.Add(("load average at end", Report.LoadAverage()));
        facts.Add(("total time", Report.Seconds(total.Elapsed)));
        facts.Add(("reproduce", "deploy/scripts/bench.sh" + (quick ? " --quick" : "") + (readsOnly ? " --reads" : "") + "  (or: dotnet run -c Release --project tests/Cica.Benchmarks -- all --rabbitmq amqp://…)"));

        Report.Heading("Results: medians of runs after warm-up; baselines and ratios from this run");
        ResultTable.Print(rows);
        Directory.CreateDirectory(output);
        var markdown = ResultTable.Markdown(rows, facts);
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"), markdown);
        await File.WriteAllTextAsync(Path.Combine(output, "results.json"), ResultTable.Json(rows, facts));
        Report.Fact("written", Path.Combine(output, "results.md") + ", results.json");
        if (latest is not null && !readsOnly)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(latest))!);
            await File.WriteAllTextAsync(latest, markdown);
            Report.Fact("and", latest);
        }
    }

    // One part of the suite; a failure becomes a row that says so, and the next part runs.
    private static async Task Part(List<ResultRow> rows, string id, Func<Task> part)
    {
        if (_only is not null && !_only.Contains(id, StringComparer.OrdinalIgnoreCase)) return;
        try
        {
            await part();
        }
        catch (Exception ex)
        {
            Console.WriteLine($"   {id} FAILED: {ex}");
            rows.Add(new(id, "failed", double.NaN, "", null, null, "", false, [], $"failed: {ex.GetType().Name}: {ex.Message.Split('\n')[0]}"));
        }
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN
        : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Cica.Platform.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string? Git(string root, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start);
            if (git is null) return null;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

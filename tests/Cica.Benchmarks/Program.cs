// Cica.Benchmarks: what one page of ListAccessionApplications costs at row 0 and deep in the table,
// and the ratios R1-R3 of issue 6 (reads against a bare gRPC host, writes against Dapper alone).
//
//   dotnet run -c Release --project tests/Cica.Benchmarks
//
// The issue asks that "List RPCs page by key, so a page costs the same at row 100,000 as at row 0";
// the project rule is that speed goals are shown by benchmarks that print figures, never by timed
// unit tests. This program, in about 110 s on two cores after the build, loopback only:
//   1. starts the real platform on a free loopback port over a fresh temp directory (it creates the
//      schema), waits for SERVING over grpc.health.v1, and stops it;
//   2. loads 100,000 applications straight into membership.db (BulkLoad says why not by RPC);
//   3. on the SQLite file alone: EXPLAIN QUERY PLAN, and page reads by OFFSET, by key, and by the
//      store's own query, so the reader sees what key paging avoids;
//   4. restarts the platform over that data, pages through it once with a gRPC client to collect the
//      page tokens, then times ListAccessionApplications at rows 0, 10,000, 50,000 and 99,900;
//   5. h2load against ListMemberStates on the same server (when nghttp2-client is installed);
//   6. reads under load (R1, R2): h2load -c10 -m10 against a bare gRPC host (GetMemberState answered
//      with a constant) and against the platform, each in a process of its own, interleaved rounds;
//   7. concurrent writes (R3): ReportActivity by 10 gRPC clients against the same transaction written
//      with Dapper alone by 10 writers on a scratch copy of cbm.db, interleaved rounds;
//   8. one summary table of absolute figures and their ratios;
// then stops the platform and removes its temp directory.
using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using Cica.Benchmarks;
using Cica.CbmCoordination;
using Cica.Contracts.Membership.V1;
using Cica.Membership;
using Cica.Membership.Storage;
using Cica.Persistence;
using Cica.Testing;
using Microsoft.Data.Sqlite;

if (args is [Suite.Argument, ..]) { await Suite.RunAsync(args[1..]); return; }   // issue 13: every figure, one table (Suite.cs)
if (args.Contains("--events")) { await EventThroughput.RunAsync(args); return; } // issue 7: the relay vs raw RabbitMQ.Client
if (args.Contains(WriteRatio.Argument)) { await WriteRatio.RunAsync(args); return; } // issue 6: R3 alone, for profiling the write path
if (args.Contains(GatewayOverhead.Argument)) { await GatewayOverhead.RunAsync(args); return; } // issue 10: the dossier through the gateway vs its slowest downstream call
if (args is [BareHost.Argument, var responseFile])   // this program started again as the bare gRPC host (BareHost.cs)
{
    await BareHost.RunAsync(responseFile);
    return;
}

const int Rows = 100_000;
const int PageSize = 100;
const int Warmup = 200;   // past tiered JIT's promotion of the hot paths (30 calls, then a background recompile)
const int Calls = 500;
int[] positions = [0, 10_000, 50_000, Rows - PageSize];

var total = Stopwatch.StartNew();
Console.WriteLine("Cica.Benchmarks: key paging of ListAccessionApplications; ratios R1-R3 (reads against a bare gRPC host, writes against Dapper alone)");
Report.Fact("machine", $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}");
Report.Fact("runtime", $"{RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
Report.Fact("load average at start", Report.LoadAverage());
#if DEBUG
Report.Fact("WARNING", "Debug build: run with -c Release for figures worth quoting");
#endif

using var data = new TempDirectory("cica-bench");
var databaseFile = Path.Combine(data.Path, MembershipModule.ServiceName + ".db");

// 1. The platform makes its own schema (migrations, seed), exactly as in production.
var step = Stopwatch.StartNew();
await (await PlatformHost.StartAsync(data.Path)).DisposeAsync();
SqliteConnection.ClearAllPools();   // the stopped platform's pooled connections let go of the file
Report.Fact("platform started and stopped", $"{Report.Seconds(step.Elapsed)} (schema created, SERVING seen)");

// 2. The data.
step.Restart();
var database = new MembershipDatabase(new DatabaseOptions(MembershipModule.ServiceName, DatabaseProvider.Sqlite,
    new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString()));
var ids = await BulkLoad.ApplicationsAsync(database, Rows);
Report.Fact("bulk load", $"{Report.Count(Rows)} applications in one transaction, {Report.Seconds(step.Elapsed)} ({Report.Count(ids.Count - Rows)} more from the seed)");

string? After(int row) => row == 0 ? null : ids[row - 1];   // the key a page starting at this row follows

// 3. The SQLite file alone.
using (var sqlite = new SqlitePaging(databaseFile))
{
    Report.Fact("SQLite", $"{sqlite.Version}, file {Report.MiB(new FileInfo(databaseFile).Length)}, {Report.Count(sqlite.Rows)} rows in accession_applications");

    Report.Heading($"EXPLAIN QUERY PLAN (page after row {Report.Count(positions[^1])})");
    var deep = new { After = After(positions[^1]), State = 0, Limit = PageSize + 1, Offset = positions[^1] };
    foreach (var (name, sql) in new[] { ("key paging", SqlitePaging.KeySql), ("the store's List query", SqlitePaging.StoreSql), ("OFFSET paging", SqlitePaging.OffsetSql) })
        Report.Fact(name, string.Join(" | ", sqlite.Plan(sql, deep)));

    foreach (var row in positions)
    {
        var expected = ids[row];
        if (sqlite.ByOffset(row, PageSize + 1)[0].ApplicationId != expected || sqlite.ByKey(After(row) ?? "", PageSize + 1)[0].ApplicationId != expected
            || sqlite.ByStoreQuery(After(row), PageSize + 1)[0].ApplicationId != expected)
            throw new InvalidOperationException($"The three queries disagree on the page at row {row}.");
    }

    Report.Heading($"One page ({PageSize} + 1 rows) read on the SQLite file, Dapper, one connection");
    var table = new List<Latency>();
    foreach (var row in positions)
        table.Add(await Latency.MeasureAsync($"OFFSET {Report.Count(row)}", () => sqlite.ByOffset(row, PageSize + 1), Warmup, Calls));
    foreach (var row in positions)
        table.Add(await Latency.MeasureAsync($"key > row {Report.Count(row)}'s predecessor", () => sqlite.ByKey(After(row) ?? "", PageSize + 1), Warmup, Calls));
    foreach (var row in positions)
        table.Add(await Latency.MeasureAsync($"store's query at row {Report.Count(row)}", () => sqlite.ByStoreQuery(After(row), PageSize + 1), Warmup, Calls));
    Report.Table(table);
}
SqliteConnection.ClearAllPools();

// 4. The RPC, through a gRPC client over the loopback socket.
await using (var host = await PlatformHost.StartAsync(data.Path))
{
    Report.Heading($"ListAccessionApplications over gRPC at {host.Address} (page_size {PageSize})");
    var rpc = new RpcPaging(host.Client<MembershipService.MembershipServiceClient>(), PageSize);
    var walk = await rpc.WalkAsync(positions);
    Report.Fact("one walk through every page", $"{Report.Count(walk.Pages)} pages, {Report.Count(walk.Rows)} rows, {Report.Seconds(walk.Elapsed)}");
    if (walk.Rows != ids.Count) throw new InvalidOperationException($"The walk returned {walk.Rows} rows, not {ids.Count}.");

    var table = new List<Latency>();
    foreach (var row in positions)
    {
        var token = walk.TokenAt[row];
        var first = (await rpc.PageAsync(token)).AccessionApplications[0].Name;
        if (first != ResourceNames.AccessionApplication(ids[row])) throw new InvalidOperationException($"The page at row {row} starts at {first}.");
        table.Add(await Latency.MeasureAsync($"page at row {Report.Count(row)}", () => rpc.PageAsync(token), Warmup, Calls));
    }
    Report.Table(table);

    // 5. A second tool, independent of the .NET client.
    Report.Heading("h2load: ListMemberStates (page_size 100) on the same server");
    await H2Load.RunAsync(host.Address, data.Path, requests: 20_000, clients: 10, streams: 10);
}
SqliteConnection.ClearAllPools();

// 6–8. Reads under load against a bare host, and concurrent writes against Dapper alone.
var summary = (await Ratios.RunAsync(data.Path, Path.Combine(data.Path, CbmCoordinationModule.ServiceName + ".db"))).Summary;
Report.Heading("Summary: medians of interleaved rounds, ratios within this run");
foreach (var line in summary) Console.WriteLine("   " + line);

Report.Heading("done");
Report.Fact("load average at end", Report.LoadAverage());
Report.Fact("total time", Report.Seconds(total.Elapsed));

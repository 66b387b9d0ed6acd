using System.Diagnostics;
using System.Globalization;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Domain.Time;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Benchmarks;

/// <summary>
/// Issue 10's figure: latency of GetCountryDossier (KAZ) through the gateway against the slowest
/// single downstream call it makes, in one run.
///
///   dotnet run -c Release --project tests/Cica.Benchmarks -- --gateway [rounds]
///
/// The platform runs as a child process (<see cref="PlatformProcess"/>: the Release build next to
/// this program, every service and the gateway in one process, the README's default; the gateway
/// calls the services in memory, through their whole request pipeline: Downstream/InProcessServer.cs).
/// This program is the client, one HTTP/2 connection. The downstream calls are the very requests the
/// dossier makes for KAZ (same messages, same page tokens: each page of a List is one call), made
/// directly by this client. Each round calls the dossier once and every downstream call once, in an
/// order that rotates from round to round, so that other work on the machine weighs on all alike.
/// </summary>
public static class GatewayOverhead
{
    /// <summary>The argument that selects this benchmark.</summary>
    public const string Argument = "--gateway";

    private const string Country = "KAZ";
    private const double TargetMs = 1.0;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Untimed rounds before the timed ones: the platform's code reaches its optimised tier (tiered JIT) only after ~15 s of this load.</summary>
    public const int Warmup = 3000;

    /// <summary>Runs it; <c>--gateway N</c> sets the number of timed rounds (default 2000, after <see cref="Warmup"/> untimed).</summary>
    public static async Task RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, Argument);
        var rounds = at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], Invariant, out var n) ? n : 2000;
        await MeasureAsync(rounds, Warmup, batches: 1);
    }

    /// <summary>
    /// What one run measured: the dossier's and the slowest single call's p50 and p99 over every
    /// timed round, and the same p50s within each of <c>batches</c> consecutive slices of the rounds
    /// (the "runs" a median is taken over).
    /// </summary>
    public sealed record Result(double DossierP50, double DossierP99, string Slowest, double SlowestP50, double SlowestP99,
        List<double> BatchDossierP50, List<double> BatchSlowestP50, int Partial, int Calls);

    /// <summary>Runs <paramref name="warmup"/> untimed and <paramref name="rounds"/> timed rounds against a fresh platform process.</summary>
    public static async Task<Result> MeasureAsync(int rounds, int warmup, int batches)
    {

        Console.WriteLine($"Cica.Benchmarks {Argument}: GetCountryDossier({Country}) through the gateway against its downstream calls made directly");
        Report.Fact("machine", $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Report.Fact("load average at start", Report.LoadAverage());
#if DEBUG
        Report.Fact("WARNING", "Debug build: run with -c Release for figures worth quoting");
#endif
        using var data = new TempDirectory("cica-bench-gw");
        await using var platform = await PlatformProcess.StartAsync(data.Path);
        using var channel = DefaultCallerHandler.Channel(platform.Address);   // every call with a bearer token (an observer), as real callers make them
        var gateway = new GatewayService.GatewayServiceClient(channel);
        var membership = new MembershipService.MembershipServiceClient(channel);
        var cbm = new CbmCoordinationService.CbmCoordinationServiceClient(channel);
        var chairmanship = new ChairmanshipService.ChairmanshipServiceClient(channel);
        var papers = new ConceptPapersService.ConceptPapersServiceClient(channel);

        // CBM's seed follows Membership's events, and the first calls are slow (JIT): wait until the dossier is whole.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        CountryDossier? dossier = null;
        while (dossier is not { Coordination.Status.State: SectionState.Ok, Membership.Status.State: SectionState.Ok })
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the dossier stayed partial: membership {dossier?.Membership.Status.Reason}; cbm {dossier?.Coordination.Status.Reason}");
            try
            {
                dossier = (await gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = Country })).Dossier;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable) { }
            await Task.Delay(200);
        }

        // The dossier's downstream calls (Views/*Sections.cs: Membership, CBM, Chairmanship, Concept Papers), each
        // page a call of its own, grouped by how the gateway makes them: the groups of a section run
        // in parallel, the pages of a group one after the other, and the sections in parallel.
        var today = CalendarDate.From(AstanaTime.Today(TimeProvider.System));
        var calls = new List<Call>();
        var member = (await membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/" + Country })).MemberState;
        calls.Add(new("membership", "GetMemberState", () => membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/" + Country }).ResponseAsync));
        await AddPagesAsync(calls, "membership", "ListObservers", t => membership.ListObserversAsync(new ListObserversRequest { PageSize = 100, PageToken = t }).ResponseAsync, r => r.NextPageToken);
        if (member.AccessionApplication.Length > 0)
            calls.Add(new("membership/then", "GetAccessionApplication", () => membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = member.AccessionApplication }).ResponseAsync));
        await AddPagesAsync(calls, "cbm", "ListCoordinatorAssignments(country)", t => cbm.ListCoordinatorAssignmentsAsync(new ListCoordinatorAssignmentsRequest { PageSize = 100, PageToken = t, CountryCode = Country }).ResponseAsync, r => r.NextPageToken);
        await AddPagesAsync(calls, "cbm", "ListActivities(reporting_country)", t => cbm.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 100, PageToken = t, ReportingCountry = Country }).ResponseAsync, r => r.NextPageToken);
        // Views/ChairmanshipSections.cs and ConceptPapersSections.cs: terms, meetings, papers.
        await AddPagesAsync(calls, "chairmanship", "ListChairmanshipTerms", t => chairmanship.ListChairmanshipTermsAsync(new ListChairmanshipTermsRequest { PageSize = 100, PageToken = t }).ResponseAsync, r => r.NextPageToken);
        await AddPagesAsync(calls, "chairmanship", "ListMeetings", t => chairmanship.ListMeetingsAsync(new ListMeetingsRequest { PageSize = 100, PageToken = t }).ResponseAsync, r => r.NextPageToken);
        await AddPagesAsync(calls, "concept-papers", "ListPolicyDocuments(proposing_country)", t => papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = 100, PageToken = t, ProposingCountry = Country }).ResponseAsync, r => r.NextPageToken);
        Report.Fact("platform", $"{platform.Address} (child process, every service and the gateway)");
        Report.Fact("downstream calls per dossier", $"{calls.Count}: {string.Join(", ", calls.Select(c => c.Label))}");
        Report.Fact("rounds", $"{warmup} untimed, then {rounds} timed; each round the dossier once and each call once, rotating order");

        var partial = 0;
        Func<Task> dossierCall = async () =>
        {
            var d = (await gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = Country })).Dossier;
            if (d.Membership.Status.State != SectionState.Ok || d.Coordination.Status.State != SectionState.Ok) Interlocked.Increment(ref partial);
        };
        var targets = new List<(string Label, Func<Task> Run)> { ("GetCountryDossier (gateway)", dossierCall) };
        targets.AddRange(calls.Select(c => (c.Label, c.Run)));

        var ms = targets.Select(_ => new double[rounds]).ToArray();
        int[] gcBefore = [0, 0, 0];
        for (var round = -warmup; round < rounds; round++)
        {
            if (round == 0) gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            for (var k = 0; k < targets.Count; k++)
            {
                var i = (k + Math.Abs(round)) % targets.Count;
                var start = Stopwatch.GetTimestamp();
                await targets[i].Run();
                if (round >= 0) ms[i][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        var gcs = $"{GC.CollectionCount(0) - gcBefore[0]}/{GC.CollectionCount(1) - gcBefore[1]}/{GC.CollectionCount(2) - gcBefore[2]} (client)";

        // The critical path of each round: the sequential pages of a group summed, groups and sections
        // in parallel (max), as measured directly: the dossier cannot be faster than this.
        var critical = new double[rounds];
        for (var r = 0; r < rounds; r++)
        {
            double Group(string service, string method) => calls.Select((c, i) => (c, i)).Where(x => x.c.Service == service && x.c.Method == method).Sum(x => ms[x.i + 1][r]);
            double Section(string service) => calls.Where(c => c.Service == service).Select(c => c.Method).Distinct().Max(m => Group(service, m));
            critical[r] = new[] { Section("membership") + (calls.Any(c => c.Service == "membership/then") ? Section("membership/then") : 0),
                Section("cbm"), Section("chairmanship"), Section("concept-papers") }.Max();
        }

        var rows = targets.Select((t, i) => Summarise(t.Label, ms[i], "")).ToList();
        var dossierRow = rows[0];
        var slowest = rows.Skip(1).OrderByDescending(r => r.MedianMs).First();
        var slowestP99 = rows.Skip(1).Max(r => r.P99Ms);
        var criticalRow = Summarise("critical path of the direct calls (computed)", critical, "");

        Report.Heading($"Latency, {rounds} interleaved rounds, one HTTP/2 connection, one call at a time; GCs 0/1/2 in this client: {gcs}");
        Report.Table([.. rows, criticalRow]);

        Report.Heading("Gateway overhead (dossier minus the slowest single downstream call)");
        Report.Fact("slowest single call (by p50)", slowest.Label);
        Report.Fact("p50", string.Create(Invariant, $"{dossierRow.MedianMs:F3} - {slowest.MedianMs:F3} = {dossierRow.MedianMs - slowest.MedianMs:F3} ms  (target: within {TargetMs:F1} ms: {(dossierRow.MedianMs - slowest.MedianMs <= TargetMs ? "met" : "NOT met")})"));
        Report.Fact("p99", string.Create(Invariant, $"{dossierRow.P99Ms:F3} - {slowestP99:F3} (slowest p99 of any call) = {dossierRow.P99Ms - slowestP99:F3} ms"));
        Report.Fact("p50 over the critical path", string.Create(Invariant, $"{dossierRow.MedianMs:F3} - {criticalRow.MedianMs:F3} = {dossierRow.MedianMs - criticalRow.MedianMs:F3} ms"));
        Report.Fact("partial dossiers (a section late)", $"{partial} of {rounds + warmup} (timed and untimed)");
        Report.Fact("load average at end", Report.LoadAverage());

        // The same p50s within consecutive slices of the rounds: the spread between slices shows the machine's noise.
        var batchDossier = new List<double>();
        var batchSlowest = new List<double>();
        var size = Math.Max(1, rounds / Math.Max(1, batches));
        for (var from = 0; from + size <= rounds; from += size)
        {
            var slice = Enumerable.Range(0, targets.Count).Select(i => Summarise("", ms[i][from..(from + size)], "")).ToList();
            batchDossier.Add(slice[0].MedianMs);
            batchSlowest.Add(slice.Skip(1).Max(r => r.MedianMs));
        }
        return new Result(dossierRow.MedianMs, dossierRow.P99Ms, slowest.Label, slowest.MedianMs, slowestP99, batchDossier, batchSlowest, partial, calls.Count);
    }

    private static Latency Summarise(string label, double[] values, string collections)
    {
        var sorted = values.Order().ToArray();
        double P(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latency(label, sorted.Length, P(50), P(95), P(99), collections);
    }

    // Walks a List once to learn its page tokens; each page becomes a call of its own.
    private static async Task AddPagesAsync<TResponse>(List<Call> calls, string service, string method, Func<string, Task<TResponse>> page, Func<TResponse, string> next)
    {
        var token = "";
        for (var i = 0; ; i++)
        {
            var t = token;
            calls.Add(new(service, method, () => page(t), i));
            token = next(await page(t));
            if (token.Length == 0) return;
        }
    }

    private sealed record Call(string Service, string Method, Func<Task> Run, int Page = 0)
    {
        public string Label => $"{(Service == "membership/then" ? "membership" : Service)} {Method}{(Page > 0 ? $" page {Page + 1}" : "")}";
    }
}

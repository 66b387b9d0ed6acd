using System.Collections.Concurrent;
using System.Diagnostics;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Cica.FaultInjection;

/// <summary>
/// The stream of events: accessions written through Membership's gRPC API at a steady pace. Each
/// country is submitted, recommended by the SOC and admitted by the Summit: three events, the last
/// of which (MemberStateAdmitted) CBM, Chairmanship, Concept Papers and the gateway's feed consume.
/// Every write carries a request_id, so a write retried after a crash returns its first result and
/// never happens twice; the driver retries what the transport fails until it succeeds.
/// </summary>
public sealed class AccessionDriver(IReadOnlyList<Func<GrpcChannel>> producers, string runId)
{
    /// <summary>The event tracked: every consumer of the suite must apply it exactly once.</summary>
    public const string AdmittedEvent = "cica.membership.v1.MemberStateAdmitted";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly ConcurrentDictionary<string, DateTime> _admitted = new();
    private readonly ConcurrentBag<string> _failed = [];
    private int _retries;

    /// <summary>Countries whose admission the producer confirmed, with when (UTC).</summary>
    public IReadOnlyDictionary<string, DateTime> Admitted => _admitted;

    /// <summary>Countries the driver gave up on (the producer never answered within the patience).</summary>
    public IReadOnlyCollection<string> Failed => _failed;

    /// <summary>Writes retried after a transport failure (a crashed or unreachable producer).</summary>
    public int Retries => _retries;

    private static readonly HashSet<string> Seeded =
    [
        "AFG", "AZE", "CHN", "EGY", "IND", "IRN", "ISR", "KAZ", "KGZ", "PAK", "PSE", "RUS", "TJK", "TUR", "UZB",
        "MNG", "THA", "KOR", "JOR", "ARE", "IRQ", "VNM", "BHR", "KHM", "BGD", "QAT", "LKA", "KWT",
    ];

    /// <summary>States that may apply (not members at the seed, not Kuwait), in code order.</summary>
    public static IReadOnlyList<string> Applicants { get; } = [.. IsoCountries.All.Select(c => c.Code).Where(c => !Seeded.Contains(c)).Order()];

    /// <summary>
    /// Admits <paramref name="countries"/>, the i-th starting no earlier than i / <paramref name="perSecond"/>
    /// seconds after the start, <paramref name="parallel"/> at a time, alternating between the producers.
    /// </summary>
    public async Task RunAsync(IReadOnlyList<string> countries, double perSecond, int parallel, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        async Task Pipeline()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= countries.Count) return;
                var due = TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, ct);
                try
                {
                    await AdmitAsync(countries[i], producers[i % producers.Count], ct);
                }
                catch (Exception ex) when (ex is RpcException or TimeoutException)
                {
                    _failed.Add($"{countries[i]}: {ex.Message}");
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Pipeline()));
    }

    private async Task AdmitAsync(string country, Func<GrpcChannel> producer, CancellationToken ct)
    {
        var id = $"{runId}-{country}";
        var submitted = await RetryAsync(producer, (c, deadline) => c.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
        {
            CountryCode = country,
            SubmittedOn = new CalendarDate { Year = 2023, Month = 1, Day = 9 },
            RequestId = id + "-submit",
        }, Callers.Secretariat, deadline, ct).ResponseAsync, ct);
        var name = submitted.AccessionApplication.Name;
        await RetryAsync(producer, (c, deadline) => c.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = name,
            Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = new CalendarDate { Year = 2023, Month = 3, Day = 1 } },
            RequestId = id + "-recommend",
        }, Callers.Secretariat, deadline, ct).ResponseAsync, ct);
        await RetryAsync(producer, (c, deadline) => c.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = name,
            Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2023, Month = 6, Day = 1 } },
            RequestId = id + "-admit",
        }, Callers.Secretariat, deadline, ct).ResponseAsync, ct);
        _admitted[country] = DateTime.UtcNow;
    }

    // A refusal of the domain (INVALID_ARGUMENT, FAILED_PRECONDITION, ...) is a bug of the driver and
    // ends the country; what the transport fails (the producer down or restarting) is retried.
    private async Task<T> RetryAsync<T>(Func<GrpcChannel> producer, Func<MembershipService.MembershipServiceClient, DateTime, Task<T>> call, CancellationToken ct)
    {
        var giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await call(new MembershipService.MembershipServiceClient(producer()), DateTime.UtcNow.AddSeconds(10));
            }
            catch (RpcException ex) when (Transient(ex.StatusCode) && DateTime.UtcNow < giveUp && !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                await Task.Delay(200, ct);
            }
        }
    }

    private static bool Transient(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown
            or StatusCode.Cancelled or StatusCode.ResourceExhausted;
}

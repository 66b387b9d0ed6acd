using System.Diagnostics;
using Google.Protobuf;
using Activity = Cica.Contracts.Cbm.V1.Activity;
using ActivityKind = Cica.Contracts.Cbm.V1.ActivityKind;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Dapper;
using Grpc.Core;
using Grpc.Net.Client;
using Cica.Testing;
using Microsoft.Data.Sqlite;

namespace Cica.Benchmarks;

/// <summary>
/// Concurrent writes: ReportActivity through the platform, and the same kind of transaction written
/// with Dapper alone, each by <c>writers</c> concurrent writers for a fixed time.
/// </summary>
public static class WriteLoad
{
    /// <summary>The area RUS coordinates in 2022–2023 (seed), so a member-state/RUS report in 2023 is allowed.</summary>
    public const string Area = "priorityAreas/new-challenges-and-threats-3";

    /// <summary>The caller of every report.</summary>
    public const string Caller = "member-state/RUS";

    /// <summary>Writes done in a timed run, their rate, and every write's latency (ms, sorted).</summary>
    public sealed record Run(string Label, int Writes, TimeSpan Elapsed, double[] LatenciesMs, string Breakdown = "")
    {
        /// <summary>Committed writes per second.</summary>
        public double PerSecond => Writes / Elapsed.TotalSeconds;

        /// <summary>Nearest-rank percentile of the latencies.</summary>
        public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN
            : LatenciesMs[Math.Clamp((int)Math.Ceiling(p / 100 * LatenciesMs.Length) - 1, 0, LatenciesMs.Length - 1)];
    }

    private static ReportActivityRequest Request(string requestId) => new()
    {
        RequestId = requestId,
        Activity = new Activity
        {
            PriorityArea = Area,
            Title = new LocalizedText { En = "Workshop on security in the use of ICTs" },
            Description = "Moscow, in person",
            Kind = ActivityKind.Workshop,
            Date = new CalendarDate { Year = 2023, Month = 5, Day = 10 },
            Status = ActivityStatus.Planned,
            Documents = { new DocumentSymbol { Value = "SOC/DOC/1289" } },
        },
    };

    /// <summary>
    /// ReportActivity, a new activity (and a new request_id) per call, from <paramref name="writers"/>
    /// clients each with its own channel (its own HTTP/2 connection) to <paramref name="address"/>, one
    /// call at a time each: <paramref name="warmup"/> untimed, then <paramref name="duration"/> timed.
    /// Any failed call ends the benchmark.
    /// </summary>
    public static async Task<Run> ReportActivitiesAsync(Uri address, string tag, int writers, TimeSpan warmup, TimeSpan duration)
    {
        var channels = Enumerable.Range(0, writers).Select(_ => DefaultCallerHandler.Channel(address)).ToArray();
        try
        {
            var metadata = Callers.As(Caller);
            var clients = channels.Select(c => new CbmCoordinationService.CbmCoordinationServiceClient(c)).ToArray();
            var timed = new List<double>[writers];
            var begin = Stopwatch.GetTimestamp();
            long timedFrom = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            long until = timedFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
            {
                timed[w] = [];
                for (var i = 0; ; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (start >= until) break;
                    var response = await clients[w].ReportActivityAsync(Request($"{tag}-{w}-{i}"), metadata);
                    if (response.Activity.Name.Length == 0) throw new InvalidOperationException("ReportActivity returned no activity name.");
                    var end = Stopwatch.GetTimestamp();
                    if (start >= timedFrom && end <= until) timed[w].Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                }
            }));
            var all = timed.SelectMany(t => t).Order().ToArray();
            return new Run("ReportActivity (gRPC)", all.Length, duration, all);
        }
        finally
        {
            foreach (var c in channels) c.Dispose();
        }
    }

    /// <summary>
    /// The same kind of transaction with Dapper alone, on <paramref name="databaseFile"/> (a scratch copy of
    /// the platform's cbm.db): WAL, synchronous=FULL, busy_timeout 30 s as the platform sets them; each
    /// writer keeps one connection and loops BEGIN IMMEDIATE; next id from the sequences row;
    /// INSERT activity; INSERT outbox row; INSERT request_log row; INSERT audit_records row; COMMIT.
    /// No reads, no validation, no gRPC. Also times where each transaction spends its time: waiting for the write lock (BEGIN
    /// IMMEDIATE), its statements, and COMMIT (the WAL fsync).
    /// </summary>
    public static async Task<Run> DapperAsync(string databaseFile, string tag, int writers, TimeSpan warmup, TimeSpan duration)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false, DefaultTimeout = 30 }.ToString();
        var payload = Request("x").ToByteArray();   // an outbox payload of about the size of the real event's
        var timed = new List<double>[writers];
        long lockTicks = 0, bodyTicks = 0, commitTicks = 0;
        var begin = Stopwatch.GetTimestamp();
        long timedFrom = begin + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        long until = timedFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            timed[w] = [];
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync("PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            for (var i = 0; ; i++)
            {
                var start = Stopwatch.GetTimestamp();
                if (start >= until) break;
                using var transaction = connection.BeginTransaction(deferred: false);   // BEGIN IMMEDIATE
                var locked = Stopwatch.GetTimestamp();
                await connection.ExecuteAsync("UPDATE sequences SET last_issued = last_issued + 1 WHERE name = 'activities'", transaction: transaction);
                var id = await connection.QuerySingleAsync<long>("SELECT last_issued FROM sequences WHERE name = 'activities'", transaction: transaction);
                var now = DateTimeOffset.UtcNow.ToString("O");
                await connection.ExecuteAsync("""
                    INSERT INTO activities (activity_id, area_id, title_en, title_ru, title_kk, description, kind, activity_date, activity_year,
                        date_first, date_last, status, outcome, documents, reported_by_kind, reported_by_country, create_time, update_time, version)
                    VALUES (@id, 'new-challenges-and-threats-3', 'Workshop on security in the use of ICTs', '', '', 'Moscow, in person', 1,
                        '2023-05-10', 2023, '2023-05-10', '2023-05-10', 1, '', '["SOC/DOC/1289"]', 2, 'RUS', @now, @now, 1)
                    """, new { id, now }, transaction);
                await connection.ExecuteAsync("""
                    INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent, trace_state, created_at)
                    VALUES (@messageId, 'cica.cbm.v1.ActivityReported', @payload, NULL, NULL, @now)
                    """, new { messageId = Guid.NewGuid().ToString(), payload, now }, transaction);
                await connection.ExecuteAsync("""
                    INSERT INTO request_log (operation, request_id, fingerprint, response, created_at)
                    VALUES ('ReportActivity:member-state/RUS', @requestId, @fingerprint, @payload, @now)
                    """, new { requestId = $"{tag}-{w}-{i}", fingerprint = new string('0', 64), payload, now }, transaction);
                await connection.ExecuteAsync("""
                    INSERT INTO audit_records (occurred_at, caller, method, resource, outcome, reason, trace_id)
                    VALUES (@now, 'member-state/RUS', 'cica.cbm.v1.CbmCoordinationService/ReportActivity', @resource, 'OK', '', '')
                    """, new { now, resource = $"activities/{id}" }, transaction);
                var body = Stopwatch.GetTimestamp();
                await transaction.CommitAsync();
                var end = Stopwatch.GetTimestamp();
                if (start >= timedFrom && end <= until)
                {
                    timed[w].Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                    Interlocked.Add(ref lockTicks, locked - start);
                    Interlocked.Add(ref bodyTicks, body - locked);
                    Interlocked.Add(ref commitTicks, end - body);
                }
            }
        })));
        var all = timed.SelectMany(t => t).Order().ToArray();
        double total = lockTicks + bodyTicks + commitTicks;
        var breakdown = total == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"of writers' time: {lockTicks / total:P0} waiting for the lock (BEGIN IMMEDIATE), {bodyTicks / total:P0} statements, {commitTicks / total:P0} COMMIT (fsync)");
        return new Run("Dapper only, same transaction", all.Length, duration, all, breakdown);
    }
}

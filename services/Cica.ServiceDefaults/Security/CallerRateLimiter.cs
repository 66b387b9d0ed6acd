using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// A token bucket per caller (<c>Security:RateLimit</c>: <see cref="RateLimitOptions.Burst"/> calls at
/// once, <see cref="RateLimitOptions.PerSecond"/> sustained; anonymous callers by address); a call
/// beyond it is RESOURCE_EXHAUSTED (reason RATE_LIMITED), not UNAVAILABLE, which clients retry.
/// ASP.NET Core's PartitionedRateLimiter took a process-wide lock on every call to find the
/// caller's bucket, then the bucket's own lock (about a tenth of a read's time under h2load); here
/// the buckets are found without a lock and each bucket is one number changed by compare-and-swap:
/// the time at which it will be full again (the generic cell rate algorithm, equivalent to a token
/// bucket refilled continuously).
/// </summary>
public sealed class CallerRateLimiter
{
    // Past this many buckets, full ones (indistinguishable from new) are dropped, at most once a second.
    private const int SweepAbove = 10_000;

    private readonly TimeProvider _clock;
    private readonly long _interval;   // timestamp ticks one call costs at the sustained rate
    private readonly long _credit;     // ticks of calls a full bucket holds (burst × interval)
    private readonly ConcurrentDictionary<(string Kind, string Id), Bucket> _buckets = new();
    private long _lastSweep;

    /// <summary>A limiter of <paramref name="burst"/> calls at once and <paramref name="perSecond"/> sustained per caller.</summary>
    public CallerRateLimiter(int burst, int perSecond, TimeProvider clock)
    {
        _clock = clock;
        _interval = Math.Max(1, (long)Math.Round((double)clock.TimestampFrequency / Math.Max(1, perSecond)));
        _credit = _interval * Math.Max(1, burst);
        _lastSweep = clock.GetTimestamp();
    }

    /// <summary>Takes one call from the bucket of <paramref name="caller"/>; false when it is empty.</summary>
    public bool TryAcquire(string kind, string caller)
    {
        var now = _clock.GetTimestamp();
        var key = (kind, caller);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            if (_buckets.Count >= SweepAbove) Sweep(now);
            bucket = _buckets.GetOrAdd(key, _ => new Bucket());
        }
        return bucket.TryTake(now, _interval, _credit);
    }

    /// <summary>The middleware: limits every call but health (which probes must always reach) by its caller.</summary>
    public async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (!http.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
        {
            var user = http.User;
            var allowed = user.Identity?.IsAuthenticated == true
                ? TryAcquire("principal", user.FindFirst("sub")?.Value ?? $"{user.FindFirst(CallerClaims.Role)?.Value}/{user.FindFirst(CallerClaims.Country)?.Value}")
                : TryAcquire("anonymous", http.Connection.RemoteIpAddress?.ToString() ?? "");
            if (!allowed)
            {
                await GrpcStatusResponse.WriteAsync(http, StatusCode.ResourceExhausted, "RATE_LIMITED",
                    "Too many calls from this caller; slow down.", StatusCodes.Status429TooManyRequests);
                return;
            }
        }
        await next(http);
    }

    private void Sweep(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (now - last < _clock.TimestampFrequency || Interlocked.CompareExchange(ref _lastSweep, now, last) != last) return;
        foreach (var (key, bucket) in _buckets)
            if (bucket.IsFull(now)) _buckets.TryRemove(KeyValuePair.Create(key, bucket));
    }

    private sealed class Bucket
    {
        private long _fullAt;   // the timestamp at which the bucket is full again; at or before now: full

        public bool IsFull(long now) => Volatile.Read(ref _fullAt) <= now;

        public bool TryTake(long now, long interval, long credit)
        {
            while (true)
            {
                var fullAt = Volatile.Read(ref _fullAt);
                var next = Math.Max(fullAt, now) + interval;
                if (next - now > credit) return false;
                if (Interlocked.CompareExchange(ref _fullAt, next, fullAt) == fullAt) return true;
            }
        }
    }
}

using Cica.ServiceDefaults.Security;

namespace Cica.Security.Tests;

/// <summary>Each caller has a bucket of its own: a burst, then calls at the sustained rate, refills while idle.</summary>
public sealed class CallerRateLimiterTests
{
    [Fact]
    public void A_caller_gets_its_burst_then_the_sustained_rate_and_another_caller_is_unaffected()
    {
        var clock = new TickClock();
        var limiter = new CallerRateLimiter(burst: 5, perSecond: 2, clock);

        for (var i = 0; i < 5; i++) Assert.True(limiter.TryAcquire("principal", "member-state/KAZ"), $"call {i + 1} of the burst");
        Assert.False(limiter.TryAcquire("principal", "member-state/KAZ"));
        Assert.False(limiter.TryAcquire("principal", "member-state/KAZ"));   // a refused call takes nothing
        Assert.True(limiter.TryAcquire("principal", "member-state/UZB"));
        Assert.True(limiter.TryAcquire("anonymous", "member-state/KAZ"));   // an address is not a principal of the same name

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryAcquire("principal", "member-state/KAZ"));
        clock.Advance(TimeSpan.FromMilliseconds(1));                        // 2 per second: one call every 500 ms
        Assert.True(limiter.TryAcquire("principal", "member-state/KAZ"));
        Assert.False(limiter.TryAcquire("principal", "member-state/KAZ"));

        clock.Advance(TimeSpan.FromMinutes(1));                             // idle: full again, never more than the burst
        for (var i = 0; i < 5; i++) Assert.True(limiter.TryAcquire("principal", "member-state/KAZ"));
        Assert.False(limiter.TryAcquire("principal", "member-state/KAZ"));
    }

    [Fact]
    public void Concurrent_calls_never_take_more_than_the_bucket_holds()
    {
        var limiter = new CallerRateLimiter(burst: 1000, perSecond: 1, new TickClock());
        var granted = 0;
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 1000; i++)
                if (limiter.TryAcquire("principal", "observer")) Interlocked.Increment(ref granted);
        });
        Assert.Equal(1000, granted);
    }

    // A clock that moves only when told.
    private sealed class TickClock : TimeProvider
    {
        private long _ticks = 1_000_000;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}

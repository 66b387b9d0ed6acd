using Cica.Contracts.Cbm.V1;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.CbmCoordination.Tests;

/// <summary>
/// A list without as_of is the list of today in Astana. Paging across Astana's midnight must not
/// serve the first page as of one day and the next as of another: the page token belongs to the
/// day it was returned for, and is refused on the next.
/// </summary>
public sealed class AstanaMidnightTests : IAsyncLifetime
{
    // 22:30 and 00:30 in Astana (UTC+5 since March 2024), or 23:30 and 01:30 with older time zone
    // data (UTC+6): either way, the two instants fall on two days there.
    private static readonly DateTimeOffset BeforeMidnight = new(2024, 6, 30, 17, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterMidnight = new(2024, 6, 30, 19, 30, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new("cica-cbm-test");
    private readonly SetClock _clock = new(BeforeMidnight);
    private PlatformHost _host = null!;

    private CbmCoordinationService.CbmCoordinationServiceClient Cbm => _host.Client<CbmCoordinationService.CbmCoordinationServiceClient>();

    public async Task InitializeAsync() =>
        _host = await PlatformHost.StartAsync(_data.Path, overrideServices: s => s.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_priority_area_page_token_from_before_midnight_is_refused_after_it()
    {
        var first = await Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { PageSize = 2 });
        Assert.Equal(Dates.Day(2024, 6, 30), first.PriorityAreas[0].AsOf);
        Assert.NotEmpty(first.NextPageToken);
        var sameDay = await Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { PageSize = 2, PageToken = first.NextPageToken });
        Assert.Equal(Dates.Day(2024, 6, 30), sameDay.PriorityAreas[0].AsOf);

        _clock.Now = AfterMidnight;

        await RpcAssert.InvalidField("page_token", () => Cbm.ListPriorityAreasAsync(
            new ListPriorityAreasRequest { PageSize = 2, PageToken = first.NextPageToken }).ResponseAsync);
        var fresh = await Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { PageSize = 2 });
        Assert.Equal(Dates.Day(2024, 7, 1), fresh.PriorityAreas[0].AsOf);
        // The day it was returned for, named explicitly, still continues the walk.
        var named = await Cbm.ListPriorityAreasAsync(new ListPriorityAreasRequest { PageSize = 2, PageToken = first.NextPageToken, AsOf = Dates.Day(2024, 6, 30) });
        Assert.Equal(sameDay, named);
    }

    [Fact]
    public async Task A_coordinated_priority_area_page_token_from_before_midnight_is_refused_after_it()
    {
        var first = await Cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest { CountryCode = "CHN", PageSize = 1 });
        Assert.Equal(Dates.Day(2024, 6, 30), first.CoordinatedPriorityAreas[0].PriorityArea.AsOf);
        Assert.NotEmpty(first.NextPageToken);

        _clock.Now = AfterMidnight;

        await RpcAssert.InvalidField("page_token", () => Cbm.ListCoordinatedPriorityAreasAsync(
            new ListCoordinatedPriorityAreasRequest { CountryCode = "CHN", PageSize = 1, PageToken = first.NextPageToken }).ResponseAsync);
        var fresh = await Cbm.ListCoordinatedPriorityAreasAsync(new ListCoordinatedPriorityAreasRequest { CountryCode = "CHN", PageSize = 1 });
        Assert.Equal(Dates.Day(2024, 7, 1), fresh.CoordinatedPriorityAreas[0].PriorityArea.AsOf);
    }

    // The platform's clock, set by the test. Only the wall-clock reading is replaced: timers and
    // elapsed-time measurements keep the system's.
    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        private long _ticks = now.UtcTicks;

        public DateTimeOffset Now
        {
            set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
        }

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}

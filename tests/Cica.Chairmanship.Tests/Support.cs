using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Chairmanship.Tests;

/// <summary>
/// The platform's clock, set by the test. Only the wall-clock reading is replaced: timers and
/// elapsed-time measurements keep the system's.
/// </summary>
public sealed class SetClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    /// <summary>The time the platform reads.</summary>
    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The seed scenario's moments and names.</summary>
public static class Seeded
{
    /// <summary>14:00 in Astana on 12 October 2022 (UTC+6 then): an hour before DRAFT/8's deadline.</summary>
    public static readonly DateTimeOffset BeforeDeadline = new(2022, 10, 12, 8, 0, 0, TimeSpan.Zero);
    /// <summary>15:00 Astana time on 12 October 2022.</summary>
    public static readonly DateTimeOffset Deadline = new(2022, 10, 12, 9, 0, 0, TimeSpan.Zero);
    /// <summary>Just after the deadline.</summary>
    public static readonly DateTimeOffset AfterDeadline = Deadline.AddSeconds(1);

    /// <summary>DRAFT/7.</summary>
    public const string Draft7 = "decisions/sum-2022-draft-7";
    /// <summary>DRAFT/8.</summary>
    public const string Draft8 = "decisions/sum-2022-draft-8";
    /// <summary>DRAFT/8's silence procedure.</summary>
    public const string Silence8 = "silenceProcedures/sum-2022-draft-8-silence";
    /// <summary>Kuwait's accession (SOC item 1).</summary>
    public const string Kuwait = "decisions/soc-2022-10-item-1";

    /// <summary>A day.</summary>
    public static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    /// <summary>Settings: a quick safety-net poll of the deadline sweeper, plus any given.</summary>
    public static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string> { ["Chairmanship:SilenceSweep:PollInterval"] = "00:00:00.200" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    /// <summary>The platform on <paramref name="directory"/> reading <paramref name="clock"/>.</summary>
    public static Task<PlatformHost> StartAsync(string directory, SetClock clock, Dictionary<string, string>? settings = null, bool waitUntilServing = true) =>
        PlatformHost.StartAsync(directory, settings ?? Settings(), waitUntilServing, s => s.AddSingleton<TimeProvider>(clock));

    /// <summary>The Chairmanship client of a host.</summary>
    public static ChairmanshipService.ChairmanshipServiceClient Chair(this PlatformHost host) =>
        host.Client<ChairmanshipService.ChairmanshipServiceClient>();

    /// <summary>Polls until <paramref name="condition"/> holds (at most 30 s).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 30 s for {what}; last: {value}");
            await Task.Delay(100);
        }
    }

    /// <summary>A decision's state.</summary>
    public static async Task<Decision> DecisionAsync(this PlatformHost host, string name) =>
        (await host.Chair().GetDecisionAsync(new GetDecisionRequest { Name = name })).Decision;
}

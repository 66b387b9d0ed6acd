namespace Cica.CbmCoordination.Coordination;

/// <summary>
/// "Today" for a question about the current list: the date at the seat of the Secretariat, Astana
/// (IANA zone Asia/Almaty), not UTC, so that a desk officer asking after midnight gets today's list.
/// </summary>
public static class AstanaCalendar
{
    private static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>Today's date in Astana.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    // The system's time zone data (tzdata on Linux, ICU on Windows) knows Asia/Almaty; a machine
    // without it falls back to UTC+5, Astana's offset since 1 March 2024.
    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Almaty");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Astana", TimeSpan.FromHours(5), "Astana", "Astana");
        }
    }
}

using System.Globalization;

namespace Cica.Contracts.Common.V1;

/// <summary>
/// Conversions of <see cref="CalendarDate"/>, whose month and day may be unknown (0). Stored and
/// compared as ISO 8601 text of reduced precision ("1999", "2022-10", "2022-10-12"), which sorts
/// in date order as text in every database.
/// </summary>
public sealed partial class CalendarDate
{
    /// <summary>A full date.</summary>
    public static CalendarDate From(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>A year alone.</summary>
    public static CalendarDate OfYear(int year) => new() { Year = year };

    /// <summary>True when year, month and day are all given.</summary>
    public bool IsFullDate => Month != 0 && Day != 0;

    /// <summary>
    /// Null when the date is valid (a year with optionally a month, and a day only with a month,
    /// forming a real date), otherwise why not.
    /// </summary>
    public string? Problem()
    {
        if (Year is < 1 or > 9999) return "year must be between 1 and 9999";
        if (Month is < 0 or > 12) return "month must be between 1 and 12, or 0 when unknown";
        if (Month == 0 && Day != 0) return "day cannot be given without a month";
        if (Day < 0 || (Day > 0 && Day > DateTime.DaysInMonth(Year, Month)))
            return $"day {Day} does not exist in {Year:D4}-{Month:D2}";
        return null;
    }

    /// <summary>The date as DateOnly; only for a full date.</summary>
    public DateOnly ToDateOnly() => IsFullDate
        ? new DateOnly(Year, Month, Day)
        : throw new InvalidOperationException($"{ToIsoString()} is not a full date.");

    /// <summary>First day the date may denote: 1999 → 1999-01-01.</summary>
    public DateOnly FirstDay() => new(Year, Month == 0 ? 1 : Month, Day == 0 ? 1 : Day);

    /// <summary>Last day the date may denote: 1999 → 1999-12-31.</summary>
    public DateOnly LastDay()
    {
        var month = Month == 0 ? 12 : Month;
        return new DateOnly(Year, month, Day == 0 ? DateTime.DaysInMonth(Year, month) : Day);
    }

    /// <summary>ISO 8601 text at the precision known: "1999", "2022-10" or "2022-10-12".</summary>
    public string ToIsoString() => Month == 0 ? Year.ToString("D4", CultureInfo.InvariantCulture)
        : Day == 0 ? string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2}");

    /// <summary>Parses what <see cref="ToIsoString"/> writes.</summary>
    public static CalendarDate ParseIso(string text)
    {
        var parts = text.Split('-');
        return new CalendarDate
        {
            Year = int.Parse(parts[0], CultureInfo.InvariantCulture),
            Month = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0,
            Day = parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0,
        };
    }
}

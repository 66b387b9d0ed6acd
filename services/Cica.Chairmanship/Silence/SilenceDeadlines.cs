using Cica.Contracts.Chairmanship.V1;
using Cica.Domain.Errors;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using WallClock = Cica.Contracts.Chairmanship.V1.LocalDateTime;

namespace Cica.Chairmanship.Silence;

/// <summary>
/// Deadlines stated as a wall-clock time in a named zone ("15:00 Astana time"), turned into an
/// instant with the historical rules of NodaTime's bundled IANA database for that date, and stored
/// with the wall-clock time, the zone and the rules' version.
/// </summary>
public static class SilenceDeadlines
{
    /// <summary>Adds what is wrong with the shape of a deadline and its zone.</summary>
    public static void Validate(FieldViolations violations, string field, WallClock? local, string zoneField, string zoneId)
    {
        if (local is null) violations.Add(field, "is required: the deadline's local date and time");
        else
        {
            if (local.Date is null) violations.Add(field + ".date", "is required");
            else if (local.Date.Problem() is { } problem) violations.Add(field + ".date", problem);
            else if (!local.Date.IsFullDate) violations.Add(field + ".date", "must be a full date (year, month and day)");
            if (local.Hours is < 0 or > 23) violations.Add(field + ".hours", "must be from 0 to 23");
            if (local.Minutes is < 0 or > 59) violations.Add(field + ".minutes", "must be from 0 to 59");
        }
        if (zoneId.Length == 0) violations.Add(zoneField, "is required: an IANA zone id such as Asia/Almaty");
        else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId) is null) violations.Add(zoneField, $"'{zoneId}' is not an IANA zone id");
    }

    /// <summary>
    /// The deadline: the local time mapped to exactly one instant in the zone. A local time skipped by
    /// a clock change (it does not exist) or repeated by one (it occurs twice) is INVALID_ARGUMENT
    /// naming <paramref name="field"/>. The request is validated before.
    /// </summary>
    public static SilenceDeadline Resolve(WallClock local, string zoneId, string field)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var wallClock = new LocalDate(local.Date.Year, local.Date.Month, local.Date.Day).At(new LocalTime(local.Hours, local.Minutes));
        var mapping = zone.MapLocal(wallClock);
        if (mapping.Count == 0)
            throw Refusals.InvalidField(field, $"{wallClock:yyyy-MM-dd HH:mm} does not exist in {zoneId}: the clocks skip it");
        if (mapping.Count > 1)
            throw Refusals.InvalidField(field, $"{wallClock:yyyy-MM-dd HH:mm} occurs twice in {zoneId}: the clocks go back over it");
        return new SilenceDeadline
        {
            LocalTime = local.Clone(),
            TimeZone = zoneId,
            Instant = Timestamp.FromDateTimeOffset(mapping.Single().ToDateTimeOffset()),
            TzRulesVersion = DateTimeZoneProviders.Tzdb.VersionId,
        };
    }

    /// <summary>The instant as stored in deadline_utc: fixed-width ISO 8601 UTC, which sorts in time order.</summary>
    public static string Sortable(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The local date of a deadline, the day a decision taken at it bears.</summary>
    public static Contracts.Common.V1.CalendarDate DayOf(SilenceDeadline deadline) => deadline.LocalTime.Date;
}

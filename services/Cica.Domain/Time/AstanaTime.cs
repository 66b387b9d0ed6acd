using NodaTime;

namespace Cica.Domain.Time;

/// <summary>
/// Time at the seat of the Secretariat, Astana (IANA zone Asia/Almaty), from the IANA database that
/// NodaTime bundles, so every machine computes the same answer whatever its own zone data: Astana
/// was UTC+6 in 2022 and is UTC+5 since 1 March 2024, and no fixed offset is right for both.
/// </summary>
public static class AstanaTime
{
    /// <summary>The IANA id of Astana's zone.</summary>
    public const string ZoneId = "Asia/Almaty";

    /// <summary>Astana's zone with its historical rules.</summary>
    public static DateTimeZone Zone { get; } = DateTimeZoneProviders.Tzdb[ZoneId];

    /// <summary>The version of the zone rules in use (e.g. "2025b"), to be stored beside computed instants.</summary>
    public static string RulesVersion => DateTimeZoneProviders.Tzdb.VersionId;

    /// <summary>Today's date in Astana by <paramref name="clock"/>, the platform's one clock.</summary>
    public static DateOnly Today(TimeProvider clock) =>
        Instant.FromDateTimeOffset(clock.GetUtcNow()).InZone(Zone).Date.ToDateOnly();
}

using Cica.Chairmanship.Silence;
using Cica.Domain.Errors;
using NodaTime;
using WallClock = Cica.Contracts.Chairmanship.V1.LocalDateTime;

namespace Cica.Chairmanship.Tests.Rules;

/// <summary>
/// Deadlines in Astana time (Asia/Almaty) computed with the historical rules of the date: UTC+6
/// until 1 March 2024, UTC+5 after. A local time that does not exist or occurs twice is refused.
/// </summary>
public sealed class SilenceDeadlineTests
{
    private static WallClock At(int year, int month, int day, int hours, int minutes) =>
        new() { Date = Seeded.Day(year, month, day), Hours = hours, Minutes = minutes };

    [Fact]
    public void The_seed_deadline_15_00_Astana_on_12_October_2022_is_09_00_UTC()
    {
        var deadline = SilenceDeadlines.Resolve(At(2022, 10, 12, 15, 0), "Asia/Almaty", "deadline");
        Assert.Equal(new DateTimeOffset(2022, 10, 12, 9, 0, 0, TimeSpan.Zero), deadline.Instant.ToDateTimeOffset());
        Assert.Equal("Asia/Almaty", deadline.TimeZone);
        Assert.Equal(DateTimeZoneProviders.Tzdb.VersionId, deadline.TzRulesVersion);
        Assert.Equal(15, deadline.LocalTime.Hours);
    }

    [Fact]
    public void Before_1_March_2024_Astana_is_UTC_plus_6_and_after_it_UTC_plus_5()
    {
        var before = SilenceDeadlines.Resolve(At(2024, 2, 28, 15, 0), "Asia/Almaty", "deadline");
        var after = SilenceDeadlines.Resolve(At(2024, 3, 2, 15, 0), "Asia/Almaty", "deadline");
        Assert.Equal(new DateTimeOffset(2024, 2, 28, 9, 0, 0, TimeSpan.Zero), before.Instant.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2024, 3, 2, 10, 0, 0, TimeSpan.Zero), after.Instant.ToDateTimeOffset());
    }

    [Fact]
    public void A_local_time_that_occurs_twice_is_an_invalid_deadline()
    {
        // At midnight on 1 March 2024 Astana's clocks went back to 23:00 on 29 February.
        var refused = Assert.Throws<InvalidRequestException>(() => SilenceDeadlines.Resolve(At(2024, 2, 29, 23, 30), "Asia/Almaty", "deadline"));
        Assert.Contains(refused.Violations, v => v.Field == "deadline");
    }

    [Fact]
    public void A_local_time_the_clocks_skip_is_an_invalid_deadline()
    {
        var refused = Assert.Throws<InvalidRequestException>(() => SilenceDeadlines.Resolve(At(2024, 3, 31, 1, 30), "Europe/London", "deadline"));
        Assert.Contains(refused.Violations, v => v.Field == "deadline");
    }

    [Fact]
    public void Shape_violations_name_each_field()
    {
        var violations = new FieldViolations();
        SilenceDeadlines.Validate(violations, "deadline", At(2022, 10, 12, 24, 60), "time_zone", "Asia/Astana_Nowhere");
        var refused = Assert.Throws<InvalidRequestException>(violations.ThrowIfAny);
        Assert.Equal(["deadline.hours", "deadline.minutes", "time_zone"], refused.Violations.Select(v => v.Field).Order());
    }
}

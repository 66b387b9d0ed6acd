using Cica.Chairmanship.Chair;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;

namespace Cica.Chairmanship.Tests.Rules;

/// <summary>Who chairs on a day, including a hand-over year that two terms share.</summary>
public sealed class ChairOnTests
{
    private static ChairmanshipTerm Term(string country, int first, int last, CalendarDate? assumed = null) => new()
    {
        Name = $"chairmanshipTerms/{country}-{first}",
        CountryCode = country,
        Period = new Period { Start = CalendarDate.OfYear(first), End = CalendarDate.OfYear(last) },
        AssumedOn = assumed,
    };

    private static readonly ChairmanshipTerm Kazakhstan = Term("KAZ", 2022, 2024, CalendarDate.OfYear(2022));

    [Fact]
    public void In_a_year_only_one_term_covers_its_chair_holds()
    {
        Assert.Equal("KAZ", ChairmanshipTerms.ChairOn([Kazakhstan, Term("AZE", 2024, 2026)], new DateOnly(2023, 5, 1))!.CountryCode);
        Assert.Equal("AZE", ChairmanshipTerms.ChairOn([Kazakhstan, Term("AZE", 2024, 2026)], new DateOnly(2025, 5, 1))!.CountryCode);
    }

    [Fact]
    public void In_the_hand_over_year_the_incumbent_holds_until_the_successor_assumes_the_chair()
    {
        var notYet = Term("AZE", 2024, 2026);
        Assert.Equal("KAZ", ChairmanshipTerms.ChairOn([Kazakhstan, notYet], new DateOnly(2024, 12, 31))!.CountryCode);

        var assumed = Term("AZE", 2024, 2026, new CalendarDate { Year = 2024, Month = 10, Day = 1 });
        Assert.Equal("KAZ", ChairmanshipTerms.ChairOn([Kazakhstan, assumed], new DateOnly(2024, 9, 30))!.CountryCode);
        Assert.Equal("AZE", ChairmanshipTerms.ChairOn([Kazakhstan, assumed], new DateOnly(2024, 10, 1))!.CountryCode);
    }

    [Fact]
    public void No_term_covering_the_day_means_no_chair() =>
        Assert.Null(ChairmanshipTerms.ChairOn([Kazakhstan], new DateOnly(2030, 1, 1)));

    [Fact]
    public void Terms_may_share_a_hand_over_year_but_not_overlap_further()
    {
        Assert.False(ChairmanshipTerms.Overlap(Kazakhstan.Period, Term("AZE", 2024, 2026).Period));
        Assert.True(ChairmanshipTerms.Overlap(Kazakhstan.Period, Term("AZE", 2023, 2026).Period));
    }
}

using Cica.Contracts.Common.V1;

namespace Cica.CbmCoordination.Tests;

/// <summary>Dates and decisions as tests cite them.</summary>
public static class Dates
{
    /// <summary>A full date.</summary>
    public static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    /// <summary>A year alone.</summary>
    public static CalendarDate Year(int year) => new() { Year = year };

    /// <summary>A decision of the SOC on a day.</summary>
    public static DecisionReference Soc(int year, int month, int day, int item = 1) => new()
    {
        Body = DecisionBody.SeniorOfficialsCommittee,
        Meeting = "SOC meeting, Astana",
        Date = Day(year, month, day),
        Item = item,
        Document = new DocumentSymbol { Value = "SOC/DOC/1400" },
    };

    /// <summary>A decision of the Summit on a day.</summary>
    public static DecisionReference Summit(int year, int month, int day) => new()
    {
        Body = DecisionBody.Summit,
        Meeting = "Sixth CICA Summit, Astana",
        Date = Day(year, month, day),
        Item = 1,
    };
}

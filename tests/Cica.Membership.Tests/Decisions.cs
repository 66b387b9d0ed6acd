using Cica.Contracts.Common.V1;

namespace Cica.Membership.Tests;

/// <summary>Decisions as tests cite them.</summary>
public static class Decisions
{
    /// <summary>A decision of the Summit on a day.</summary>
    public static DecisionReference Summit(int year, int month, int day) => new()
    {
        Body = DecisionBody.Summit,
        Meeting = "Sixth CICA Summit, Astana",
        Date = new CalendarDate { Year = year, Month = month, Day = day },
        Item = 1,
    };

    /// <summary>A decision of the SOC on a day.</summary>
    public static DecisionReference Soc(int year, int month, int day, int item = 1) => new()
    {
        Body = DecisionBody.SeniorOfficialsCommittee,
        Meeting = "SOC meeting, Astana",
        Date = new CalendarDate { Year = year, Month = month, Day = day },
        Item = item,
        Document = new DocumentSymbol { Value = "SOC/DOC/1400" },
    };

    /// <summary>A full date.</summary>
    public static CalendarDate Day(int year, int month, int day) => new() { Year = year, Month = month, Day = day };
}

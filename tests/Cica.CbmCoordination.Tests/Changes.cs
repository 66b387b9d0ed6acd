using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;

namespace Cica.CbmCoordination.Tests;

/// <summary>Changes of the coordinator list as tests write them.</summary>
public static class Changes
{
    /// <summary>Assigns a role.</summary>
    public static CoordinatorListChange Add(string area, string country, CoordinatorRole role, Period? term = null) => new()
    {
        Add = new CoordinatorListChange.Types.Add { PriorityArea = area, CountryCode = country, Role = role, Term = term },
    };

    /// <summary>Ends an assignment.</summary>
    public static CoordinatorListChange End(string assignment) => new()
    {
        End = new CoordinatorListChange.Types.End { Assignment = assignment },
    };

    /// <summary>Gives an assignment's role to another state.</summary>
    public static CoordinatorListChange Replace(string assignment, string country) => new()
    {
        Replace = new CoordinatorListChange.Types.Replace { Assignment = assignment, CountryCode = country },
    };

    /// <summary>A term such as 2024-2025.</summary>
    public static Period Term(int first, int last) => new() { Start = Dates.Year(first), End = Dates.Year(last) };

    /// <summary>An amendment by a decision of the SOC on a day, effective that day.</summary>
    public static AmendCoordinatorListRequest Amendment(CalendarDate decided, params CoordinatorListChange[] changes) => new()
    {
        Decision = Dates.Soc(decided.Year, decided.Month, decided.Day),
        Changes = { changes },
    };
}

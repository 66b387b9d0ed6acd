using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;

namespace Cica.Domain.Requests;

/// <summary>Checks dates that a request must give as full days (e.g. an as_of).</summary>
public static class RequestDates
{
    /// <summary>
    /// The day <paramref name="date"/> names; null when it is unset, or when it is invalid or not a
    /// full date, in which case <paramref name="field"/> is added to <paramref name="violations"/>.
    /// </summary>
    public static DateOnly? FullDate(FieldViolations violations, string field, CalendarDate? date)
    {
        if (date is null) return null;
        if (date.Problem() is { } problem) violations.Add(field, problem);
        else if (!date.IsFullDate) violations.Add(field, "must be a full date (year, month and day)");
        else return date.ToDateOnly();
        return null;
    }
}

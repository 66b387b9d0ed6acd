using System.Globalization;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Cica.ServiceKit.Writes;

namespace Cica.CbmCoordination.Api;

/// <summary>Checks of request fields shared by several methods; each adds what is wrong to the request's violations.</summary>
internal static class RequestChecks
{
    /// <summary>The date of an as_of field (a full date), or null when unset or invalid.</summary>
    public static DateOnly? AsOf(FieldViolations violations, string field, CalendarDate? date) =>
        RequestDates.FullDate(violations, field, date);

    /// <summary>The area id of a priority area name; null when empty and optional, or malformed.</summary>
    public static string? AreaId(FieldViolations violations, string field, string name, bool required)
    {
        if (name.Length == 0)
        {
            if (required) violations.Add(field, "is required, e.g. priorityAreas/economic-8");
            return null;
        }
        var id = ResourceNames.AreaIdOf(name);
        if (id is null) violations.Add(field, $"'{name}' is not a priority area name such as priorityAreas/economic-8 or priorityAreas/human");
        return id;
    }

    /// <summary>The number of a coordinator assignment name, or null when missing or malformed.</summary>
    public static long? AssignmentId(FieldViolations violations, string field, string name)
    {
        var id = ResourceNames.AssignmentIdOf(name);
        if (id is null)
            violations.Add(field, name.Length == 0 ? "is required, e.g. coordinatorAssignments/7"
                : $"'{name}' is not an assignment name such as coordinatorAssignments/7");
        return id;
    }

    /// <summary>The two parts of a composite page key "first|second".</summary>
    public static (string First, long Second) SplitKey(string? after, string firstDefault)
    {
        if (after is null) return (firstDefault, 0);
        var bar = after.LastIndexOf('|');
        // Tokens are ours (hash-checked for the filters), so a malformed one is a forged or corrupted token.
        if (bar < 0 || !long.TryParse(after[(bar + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var second))
            throw Refusals.InvalidField("page_token", "is not a token returned by this method");
        return (after[..bar], second);
    }

    /// <summary>A composite page key.</summary>
    public static string Key(object first, long second) => string.Create(CultureInfo.InvariantCulture, $"{first}|{second}");

    /// <summary>An integer page key.</summary>
    public static int IntKey(string first)
    {
        if (!int.TryParse(first, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Refusals.InvalidField("page_token", "is not a token returned by this method");
        return value;
    }
}

using System.Globalization;
using Cica.ConceptPapers.Papers;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;

namespace Cica.ConceptPapers.Api;

/// <summary>Checks of request fields shared by several methods; each adds what is wrong to the request's violations.</summary>
internal static class RequestChecks
{
    /// <summary>The id of a document name; 0 when missing or malformed (and a violation is added).</summary>
    public static long DocumentId(FieldViolations violations, string field, string name, bool required = true)
    {
        if (name.Length == 0)
        {
            if (required) violations.Add(field, "is required, e.g. policyDocuments/3");
            return 0;
        }
        var id = ResourceNames.DocumentIdOf(name);
        if (id is null) violations.Add(field, $"'{name}' is not a policy document name such as policyDocuments/3");
        return id ?? 0;
    }

    /// <summary>The area id of a priority area name; null when empty, or malformed (a violation is added).</summary>
    public static string? AreaId(FieldViolations violations, string field, string name)
    {
        if (name.Length == 0) return null;
        var id = ResourceNames.AreaIdOf(name);
        if (id is null) violations.Add(field, $"'{name}' is not a priority area name such as priorityAreas/economic-5 or priorityAreas/human");
        return id;
    }

    /// <summary>A language tag, or null when empty (a violation is added when it is not en, ru or kk).</summary>
    public static string? Language(FieldViolations violations, string field, string language)
    {
        if (language.Length == 0) return null;
        violations.AddIf(field, DocumentContent.LanguageProblem(language));
        return language;
    }

    /// <summary>Adds what is wrong with a period: invalid dates, or an end before the start.</summary>
    public static void Period(FieldViolations violations, string field, Period? period)
    {
        if (period is null) return;
        if (period.Start is null) violations.Add(field + ".start", "is required");
        else violations.AddIf(field + ".start", period.Start.Problem());
        if (period.End is not null) violations.AddIf(field + ".end", period.End.Problem());
        if (period.Start is not null && period.End is not null && period.Start.Problem() is null && period.End.Problem() is null
            && period.End.LastDay() < period.Start.FirstDay())
            violations.Add(field + ".end", "must not be before the start");
    }

    /// <summary>An etag a conditional write must carry.</summary>
    public static void Etag(FieldViolations violations, string field, string etag)
    {
        if (etag.Length == 0) violations.Add(field, "is required: the etag of the resource as read");
    }

    /// <summary>"yyyy-MM-dd".</summary>
    public static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

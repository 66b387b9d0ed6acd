using System.Globalization;
using System.Text.RegularExpressions;

namespace Cica.ConceptPapers.Storage;

/// <summary>
/// The service's resource names (AIP-122), and the names of other services' resources it refers to.
/// Parsing tells a malformed name (INVALID_ARGUMENT) from a well-formed one that may name nothing
/// (NOT_FOUND once looked up).
/// </summary>
public static partial class ResourceNames
{
    /// <summary>Collection of policy documents.</summary>
    public const string PolicyDocuments = "policyDocuments/";
    /// <summary>CBM Coordination's collection of priority areas.</summary>
    public const string PriorityAreas = "priorityAreas/";
    /// <summary>CBM Coordination's collection of activities.</summary>
    public const string Activities = "activities/";

    /// <summary>"policyDocuments/3".</summary>
    public static string PolicyDocument(long id) => PolicyDocuments + id.ToString(CultureInfo.InvariantCulture);
    /// <summary>"policyDocuments/3/revisions/2".</summary>
    public static string Revision(long id, int number) => $"{PolicyDocument(id)}/revisions/{number.ToString(CultureInfo.InvariantCulture)}";
    /// <summary>"policyDocuments/3/initiatives/2".</summary>
    public static string Initiative(long id, int number) => $"{PolicyDocument(id)}/initiatives/{number.ToString(CultureInfo.InvariantCulture)}";
    /// <summary>"priorityAreas/economic-5".</summary>
    public static string PriorityArea(string areaId) => PriorityAreas + areaId;

    /// <summary>The id of a well-formed document name, or null.</summary>
    public static long? DocumentIdOf(string name) => Match(DocumentPattern(), name) is { } m ? Number(m.Groups["id"].Value) : null;

    /// <summary>The document id and number of a well-formed revision name, or null.</summary>
    public static (long DocumentId, int Number)? RevisionOf(string name) =>
        Match(RevisionPattern(), name) is { } m && Number(m.Groups["id"].Value) is { } id && Number(m.Groups["n"].Value) is { } n && n <= int.MaxValue
            ? (id, (int)n) : null;

    /// <summary>The document id and number of a well-formed initiative name, or null.</summary>
    public static (long DocumentId, int Number)? InitiativeOf(string name) =>
        Match(InitiativePattern(), name) is { } m && Number(m.Groups["id"].Value) is { } id && Number(m.Groups["n"].Value) is { } n && n <= int.MaxValue
            ? (id, (int)n) : null;

    /// <summary>The area id of a well-formed priority area name ("priorityAreas/economic-5" → "economic-5"), or null.</summary>
    public static string? AreaIdOf(string name) =>
        name.StartsWith(PriorityAreas, StringComparison.Ordinal) && name.Length <= PriorityAreas.Length + 60
        && AreaIdPattern().IsMatch(name[PriorityAreas.Length..]) ? name[PriorityAreas.Length..] : null;

    /// <summary>True when <paramref name="name"/> is a well-formed activity name ("activities/1").</summary>
    public static bool IsActivity(string name) => Match(ActivityPattern(), name) is { } m && Number(m.Groups["id"].Value) is not null;

    private static Match? Match(Regex pattern, string name) => pattern.Match(name) is { Success: true } m ? m : null;

    private static long? Number(string digits) =>
        digits.Length <= 18 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    [GeneratedRegex("^policyDocuments/(?<id>[1-9][0-9]*)$")]
    private static partial Regex DocumentPattern();

    [GeneratedRegex("^policyDocuments/(?<id>[1-9][0-9]*)/revisions/(?<n>[1-9][0-9]*)$")]
    private static partial Regex RevisionPattern();

    [GeneratedRegex("^policyDocuments/(?<id>[1-9][0-9]*)/initiatives/(?<n>[1-9][0-9]*)$")]
    private static partial Regex InitiativePattern();

    [GeneratedRegex("^activities/(?<id>[1-9][0-9]*)$")]
    private static partial Regex ActivityPattern();

    // As CBM Coordination names areas: "economic-8", or "human" for a dimension as a whole.
    [GeneratedRegex("^[a-z]+(-[a-z]+)*(-[1-9][0-9]{0,2})?$")]
    private static partial Regex AreaIdPattern();
}

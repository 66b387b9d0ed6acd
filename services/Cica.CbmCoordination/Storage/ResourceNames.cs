using System.Globalization;
using System.Text.RegularExpressions;

namespace Cica.CbmCoordination.Storage;

/// <summary>
/// The service's resource names (AIP-122). Parsing tells a malformed name (INVALID_ARGUMENT) from a
/// well-formed one that may name nothing (NOT_FOUND once looked up).
/// </summary>
public static partial class ResourceNames
{
    /// <summary>Collection of dimensions.</summary>
    public const string Dimensions = "dimensions/";
    /// <summary>Collection of priority areas.</summary>
    public const string PriorityAreas = "priorityAreas/";
    /// <summary>Collection of coordinator assignments.</summary>
    public const string CoordinatorAssignments = "coordinatorAssignments/";
    /// <summary>Collection of activities.</summary>
    public const string Activities = "activities/";

    /// <summary>"dimensions/economic".</summary>
    public static string Dimension(string slug) => Dimensions + slug;
    /// <summary>"priorityAreas/economic-8", or "priorityAreas/human" for a dimension as a whole.</summary>
    public static string PriorityArea(string areaId) => PriorityAreas + areaId;
    /// <summary>"coordinatorAssignments/7".</summary>
    public static string CoordinatorAssignment(long id) => CoordinatorAssignments + id.ToString(CultureInfo.InvariantCulture);
    /// <summary>"activities/1".</summary>
    public static string Activity(long id) => Activities + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The id of a priority area: "economic-8" for area 8, "human" for number 0.</summary>
    public static string AreaId(string dimensionSlug, int number) =>
        number == 0 ? dimensionSlug : $"{dimensionSlug}-{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The dimension slug of a well-formed name, or null.</summary>
    public static string? DimensionSlug(string name) =>
        name.StartsWith(Dimensions, StringComparison.Ordinal) && Slug().IsMatch(name[Dimensions.Length..]) ? name[Dimensions.Length..] : null;

    /// <summary>The area id of a well-formed priority area name, or null.</summary>
    public static string? AreaIdOf(string name) =>
        name.StartsWith(PriorityAreas, StringComparison.Ordinal) && AreaIdPattern().IsMatch(name[PriorityAreas.Length..])
            ? name[PriorityAreas.Length..] : null;

    /// <summary>The number of a well-formed assignment name, or null.</summary>
    public static long? AssignmentIdOf(string name) => NumberAfter(name, CoordinatorAssignments);

    /// <summary>The number of a well-formed activity name, or null.</summary>
    public static long? ActivityIdOf(string name) => NumberAfter(name, Activities);

    private static long? NumberAfter(string name, string collection) =>
        name.StartsWith(collection, StringComparison.Ordinal)
        && name.Length > collection.Length && name.Length <= collection.Length + 18
        && name[collection.Length..].All(char.IsAsciiDigit)
        && long.TryParse(name[collection.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id : null;

    [GeneratedRegex("^[a-z]+(-[a-z]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[a-z]+(-[a-z]+)*(-[1-9][0-9]{0,2})?$")]
    private static partial Regex AreaIdPattern();
}

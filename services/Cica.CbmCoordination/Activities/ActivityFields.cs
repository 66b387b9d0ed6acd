using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Domain.Errors;
using Cica.Domain.Decisions;
using Cica.Domain.Paging;
using Cica.Domain.Requests;
using Cica.ServiceKit.Writes;
using Google.Protobuf.WellKnownTypes;

namespace Cica.CbmCoordination.Activities;

/// <summary>The fields of an activity a caller writes, and what each must hold.</summary>
public static class ActivityFields
{
    /// <summary>Longest title, per language.</summary>
    public const int MaxTitleLength = 500;
    /// <summary>Longest description.</summary>
    public const int MaxDescriptionLength = 2000;
    /// <summary>Longest outcome.</summary>
    public const int MaxOutcomeLength = 10000;
    /// <summary>Most documents per activity.</summary>
    public const int MaxDocuments = 50;

    /// <summary>The fields a caller writes, by their proto names (the paths of an update mask).</summary>
    public static readonly IReadOnlyList<string> Writable =
        ["priority_area", "title", "description", "kind", "date", "status", "outcome", "documents"];

    private static readonly HashSet<string> OutputOnly = ["name", "reported_by", "create_time", "update_time", "etag"];

    /// <summary>
    /// The fields an update changes: those of the mask, or, for an empty mask, every writable field
    /// set in <paramref name="activity"/> (AIP-134). Unknown and output-only paths are violations.
    /// </summary>
    public static IReadOnlyList<string> ToChange(FieldMask? mask, Activity activity, FieldViolations violations)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            var set = Writable.Where(f => IsSet(activity, f)).ToList();
            if (set.Count == 0) violations.Add("update_mask", "nothing to change: name the fields in update_mask, or set them in activity");
            return set;
        }
        var fields = new List<string>();
        for (var i = 0; i < mask.Paths.Count; i++)
        {
            var path = mask.Paths[i];
            if (Writable.Contains(path)) { if (!fields.Contains(path)) fields.Add(path); }
            else if (OutputOnly.Contains(path)) violations.Add($"update_mask.paths[{i}]", $"'{path}' is output only");
            else violations.Add($"update_mask.paths[{i}]", $"'{path}' is not a field of Activity that can be changed; use one of {string.Join(", ", Writable)}");
        }
        return fields;
    }

    /// <summary>Adds to <paramref name="violations"/> what is wrong with <paramref name="fields"/> of the activity (field paths under <paramref name="prefix"/>).</summary>
    public static void Validate(FieldViolations violations, string prefix, Activity activity, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            var path = prefix + field;
            switch (field)
            {
                case "priority_area":
                    if (activity.PriorityArea.Length == 0) violations.Add(path, "is required, e.g. priorityAreas/new-challenges-and-threats-3");
                    else if (ResourceNames.AreaIdOf(activity.PriorityArea) is null)
                        violations.Add(path, $"'{activity.PriorityArea}' is not a priority area name such as priorityAreas/economic-8");
                    break;
                case "title":
                    if (string.IsNullOrWhiteSpace(activity.Title?.En)) violations.Add(path + ".en", "is required: the activity's title in English");
                    foreach (var (language, text) in new[] { ("en", activity.Title?.En), ("ru", activity.Title?.Ru), ("kk", activity.Title?.Kk) })
                        if (text?.Length > MaxTitleLength) violations.Add($"{path}.{language}", $"must be at most {MaxTitleLength} characters");
                    break;
                case "description":
                    if (activity.Description.Length > MaxDescriptionLength) violations.Add(path, $"must be at most {MaxDescriptionLength} characters");
                    break;
                case "kind":
                    if (activity.Kind == ActivityKind.Unspecified) violations.Add(path, "is required");
                    else if (!System.Enum.IsDefined(activity.Kind)) violations.Add(path, $"unknown kind {(int)activity.Kind}");
                    break;
                case "date":
                    if (activity.Date is null) violations.Add(path, "is required: a full date, a month or a year");
                    else violations.AddIf(path, activity.Date.Problem());
                    break;
                case "status":
                    if (activity.Status == ActivityStatus.Unspecified) violations.Add(path, "is required");
                    else if (!System.Enum.IsDefined(activity.Status)) violations.Add(path, $"unknown status {(int)activity.Status}");
                    break;
                case "outcome":
                    if (activity.Outcome.Length > MaxOutcomeLength) violations.Add(path, $"must be at most {MaxOutcomeLength} characters");
                    break;
                case "documents":
                    if (activity.Documents.Count > MaxDocuments) violations.Add(path, $"must list at most {MaxDocuments} documents");
                    for (var i = 0; i < activity.Documents.Count; i++)
                        violations.AddIf($"{path}[{i}].value", DocumentSymbols.Problem(activity.Documents[i].Value));
                    break;
            }
        }
    }

    /// <summary>The activity's values for <paramref name="fields"/> copied onto <paramref name="target"/>.</summary>
    public static Activity Merge(Activity target, Activity source, IEnumerable<string> fields)
    {
        var merged = target.Clone();
        foreach (var field in fields)
        {
            switch (field)
            {
                case "priority_area": merged.PriorityArea = source.PriorityArea; break;
                case "title": merged.Title = source.Title?.Clone(); break;
                case "description": merged.Description = source.Description; break;
                case "kind": merged.Kind = source.Kind; break;
                case "date": merged.Date = source.Date?.Clone(); break;
                case "status": merged.Status = source.Status; break;
                case "outcome": merged.Outcome = source.Outcome; break;
                case "documents":
                    merged.Documents.Clear();
                    merged.Documents.Add(source.Documents);
                    break;
            }
        }
        return merged;
    }

    private static bool IsSet(Activity activity, string field) => field switch
    {
        "priority_area" => activity.PriorityArea.Length > 0,
        "title" => activity.Title is not null,
        "description" => activity.Description.Length > 0,
        "kind" => activity.Kind != ActivityKind.Unspecified,
        "date" => activity.Date is not null,
        "status" => activity.Status != ActivityStatus.Unspecified,
        "outcome" => activity.Outcome.Length > 0,
        "documents" => activity.Documents.Count > 0,
        _ => false,
    };
}

using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;

namespace Cica.Portal.Pages;

/// <summary>The fields of the activity form, as posted.</summary>
public sealed class ActivityForm
{
    /// <summary>Priority area (resource name).</summary>
    public string Area { get; set; } = "";
    /// <summary>English title.</summary>
    public string TitleEn { get; set; } = "";
    /// <summary>Russian title.</summary>
    public string TitleRu { get; set; } = "";
    /// <summary>Kind.</summary>
    public ActivityKind Kind { get; set; }
    /// <summary>Date as written (YYYY-MM-DD).</summary>
    public string Date { get; set; } = "";
    /// <summary>Status.</summary>
    public ActivityStatus Status { get; set; }
    /// <summary>Description.</summary>
    public string Description { get; set; } = "";
    /// <summary>Outcome.</summary>
    public string Outcome { get; set; } = "";
    /// <summary>Document symbols, one a line.</summary>
    public string Documents { get; set; } = "";
    /// <summary>Etag of the activity the form was opened on (updates only).</summary>
    public string Etag { get; set; } = "";

    /// <summary>The activity these fields describe.</summary>
    public Activity ToActivity(string name = "")
    {
        var activity = new Activity
        {
            Name = name,
            PriorityArea = S(Area),
            Title = new LocalizedText { En = S(TitleEn), Ru = S(TitleRu) },
            Kind = Kind,
            Status = Status,
            Description = S(Description),
            Outcome = S(Outcome),
            Etag = S(Etag),
        };
        if (PortalPage.ParseDate(Date) is { } date) activity.Date = date;
        activity.Documents.AddRange(S(Documents).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => new DocumentSymbol { Value = s }));
        return activity;
    }

    // A field left empty is posted as null (model binding's ConvertEmptyStringToNull).
    private static string S(string? value) => (value ?? "").Trim();

    /// <summary>The form of an activity as it stands.</summary>
    public static ActivityForm From(Activity a) => new()
    {
        Area = a.PriorityArea,
        TitleEn = a.Title?.En ?? "",
        TitleRu = a.Title?.Ru ?? "",
        Kind = a.Kind,
        Date = PortalPage.D(a.Date),
        Status = a.Status,
        Description = a.Description,
        Outcome = a.Outcome,
        Documents = string.Join("\n", a.Documents.Select(d => d.Value)),
        Etag = a.Etag,
    };
}

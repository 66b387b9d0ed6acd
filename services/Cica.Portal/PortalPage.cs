using Cica.Contracts.Common.V1;
using Cica.ServiceDefaults.Endpoints;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Portal;

/// <summary>
/// Base of every page: answered on the portal endpoint only; reads the signed-in user from the
/// portal's cookie (pages other than sign-in require one); the interface strings; how an API's
/// refusal is shown.
/// </summary>
public abstract class PortalPage : PageModel
{
    /// <summary>False for the sign-in page.</summary>
    protected virtual bool RequiresSignIn => true;

    /// <summary>The signed-in user (null only on the sign-in page).</summary>
    public PortalUser? Viewer { get; private set; }

    /// <summary>The interface language.</summary>
    public string Language => Viewer?.Language ?? Texts.Supported(ChosenLanguage ?? Request.Query["lang"]);

    /// <summary>The language chosen on a form before sign-in (the sign-in page's), if any.</summary>
    protected virtual string? ChosenLanguage => null;

    /// <summary>An interface string.</summary>
    public string T(string key) => Texts.Get(key, Language);

    /// <summary>A message for the whole form (a refusal, an outage), shown in an alert.</summary>
    public string? Problem { get; set; }

    /// <summary>A confirmation shown in a status region.</summary>
    public string? Done { get; set; }

    /// <summary>Field violations of the API's BadRequest, by field path.</summary>
    public Dictionary<string, string> FieldErrors { get; } = [];

    /// <inheritdoc />
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var portal = HttpContext.RequestServices.GetRequiredService<ServedEndpoints>().Named(PortalModule.EndpointName);
        if (!portal.Any(a => a.Port == HttpContext.Connection.LocalPort))
        {
            context.Result = NotFound();
            return;
        }
        var auth = await HttpContext.AuthenticateAsync(PortalModule.Scheme);
        if (auth.Succeeded) HttpContext.User = auth.Principal;
        Viewer = PortalUser.From(auth.Principal);
        if (RequiresSignIn && Viewer is null)
        {
            context.Result = Redirect("/signin");
            return;
        }
        await next();
    }

    /// <summary>The error of <paramref name="field"/> (a violation of that field or of a field inside it), if any.</summary>
    public string? ErrorOf(string field) =>
        FieldErrors.FirstOrDefault(e => e.Key == field || e.Key.StartsWith(field + ".", StringComparison.Ordinal)).Value;

    /// <summary>Shows an API's answer: field violations next to the fields, refusals as a message.</summary>
    protected void Show(RpcException ex)
    {
        var status = ex.GetRpcStatus();
        var violations = status?.GetDetail<BadRequest>()?.FieldViolations;
        if (violations is { Count: > 0 })
            foreach (var v in violations) FieldErrors[v.Field] = v.Description;
        Problem = ex.Status.StatusCode switch
        {
            Grpc.Core.StatusCode.InvalidArgument when violations is { Count: > 0 } => T("fixFields"),
            Grpc.Core.StatusCode.PermissionDenied or Grpc.Core.StatusCode.Unauthenticated => T("denied") + " " + ex.Status.Detail,
            Grpc.Core.StatusCode.NotFound => T("notFound") + " " + ex.Status.Detail,
            Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded => T("unavailable") + " " + ex.Status.Detail,
            _ => T("refused") + ": " + ex.Status.Detail,
        };
    }

    /// <summary>A localized text in the interface language, falling back to English.</summary>
    public string L(LocalizedText? text) => text is null ? "" : Language switch
    {
        "ru" when text.Ru.Length > 0 => text.Ru,
        "kk" when text.Kk.Length > 0 => text.Kk,
        _ => text.En,
    };

    /// <summary>A calendar date as written (2022, 2022-10, 2022-10-12).</summary>
    public static string D(CalendarDate? date) => date is null || date.Year == 0 ? "" :
        date.Month == 0 ? $"{date.Year}" : date.Day == 0 ? $"{date.Year}-{date.Month:00}" : $"{date.Year}-{date.Month:00}-{date.Day:00}";

    /// <summary>A period.</summary>
    public static string P(Period? period) => period is null ? "" : $"{D(period.Start)} – {D(period.End)}";

    /// <summary>A decision reference, by its document symbol or body, meeting and date.</summary>
    public static string Decision(DecisionReference? d) => d is null ? "" :
        string.Join(", ", new[] { d.Document?.Value ?? "", d.Body == DecisionBody.Unspecified ? "" : d.Body.ToString(), D(d.Date), d.Item > 0 ? "item " + d.Item : "" }
            .Where(s => s.Length > 0));

    /// <summary>A decision as cited, in the interface language: body, meeting, date, item, document.</summary>
    public string Cite(DecisionReference? d) => d is null ? "" : string.Join(", ", new[]
    {
        d.Body == DecisionBody.Unspecified ? "" : Say(d.Body), d.Meeting, D(d.Date), d.Item > 0 ? $"{T("itemShort")} {d.Item}" : "", d.Document?.Value ?? "",
    }.Where(s => s.Length > 0));

    /// <summary>An enum value's name in the interface language (its key is "Type.Value"), else as the API spells it.</summary>
    public string Say(Enum value)
    {
        var key = value.GetType().Name + "." + value;
        var text = T(key);
        return text == key ? value.ToString() : text;
    }

    /// <summary>An instant in the viewer's time zone ("2022-10-12 12:00:05").</summary>
    public string Local(Google.Protobuf.WellKnownTypes.Timestamp? time) => time is null ? "" :
        TimeZoneInfo.ConvertTime(time.ToDateTimeOffset(), Viewer?.TimeZone ?? TimeZoneInfo.Utc).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Parses "2022-10-12" (or "2022-10", "2022") into a calendar date; null when empty or malformed.</summary>
    public static CalendarDate? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Trim().Split('-');
        var numbers = new int[3];
        for (var i = 0; i < parts.Length && i < 3; i++)
            if (!int.TryParse(parts[i], out numbers[i])) return new CalendarDate();
        return new CalendarDate { Year = numbers[0], Month = numbers[1], Day = numbers[2] };
    }
}

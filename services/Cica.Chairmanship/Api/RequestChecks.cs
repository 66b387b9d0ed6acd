using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Countries;
using Cica.Domain.Decisions;
using Cica.Domain.Errors;

namespace Cica.Chairmanship.Api;

/// <summary>The shape of requests: what makes each field well-formed, before anything is read.</summary>
public static class RequestChecks
{
    /// <summary>The id in a resource name, or INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static string IdOf(string name, string prefix, string field) =>
        Names.IdOf(name, prefix) ?? throw Refusals.InvalidField(field, $"'{name}' is not a resource name such as {prefix}example-1");

    /// <summary>A new resource id: letters, digits and hyphens.</summary>
    public static void Id(FieldViolations violations, string field, string id)
    {
        if (!Names.IsId(id)) violations.Add(field, "must be 1-100 letters, digits and hyphens, starting with a letter or digit");
    }

    /// <summary>An optional reference to a resource of <paramref name="prefix"/>.</summary>
    public static void OptionalName(FieldViolations violations, string field, string name, string prefix)
    {
        if (name.Length > 0 && Names.IdOf(name, prefix) is null) violations.Add(field, $"'{name}' is not a resource name such as {prefix}example-1");
    }

    /// <summary>An ISO 3166-1 alpha-3 code; optional unless <paramref name="required"/>.</summary>
    public static void Country(FieldViolations violations, string field, string code, bool required)
    {
        if (code.Length == 0)
        {
            if (required) violations.Add(field, "is required: an ISO 3166-1 alpha-3 code");
            return;
        }
        violations.AddIf(field, IsoCountries.Problem(code));
    }

    /// <summary>A period: a start is required, an end optional but not before the start.</summary>
    public static void Period(FieldViolations violations, string field, Period? period)
    {
        if (period?.Start is null)
        {
            violations.Add(field + ".start", "is required");
            return;
        }
        violations.AddIf(field + ".start", period.Start.Problem());
        if (period.End is null) return;
        if (period.End.Problem() is { } problem) violations.Add(field + ".end", problem);
        else if (period.Start.Problem() is null && period.End.LastDay() < period.Start.FirstDay()) violations.Add(field + ".end", "must not be before the start");
    }

    /// <summary>A required full date.</summary>
    public static void FullDate(FieldViolations violations, string field, CalendarDate? date)
    {
        if (date is null) violations.Add(field, "is required");
        else if (date.Problem() is { } problem) violations.Add(field, problem);
        else if (!date.IsFullDate) violations.Add(field, "must be a full date (year, month and day)");
    }

    /// <summary>A defined, set enum value.</summary>
    public static void Required<T>(FieldViolations violations, string field, T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) violations.Add(field, $"unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}");
        else if (Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0) violations.Add(field, "is required");
    }

    /// <summary>A defined enum value, possibly unset.</summary>
    public static void Defined<T>(FieldViolations violations, string field, T value) where T : struct, Enum
    {
        if (!Enum.IsDefined(value)) violations.Add(field, $"unknown value {Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>Bounded text.</summary>
    public static void Text(FieldViolations violations, string field, string text, int max, bool required = false)
    {
        if (required && string.IsNullOrWhiteSpace(text)) violations.Add(field, "is required");
        else if (text.Length > max) violations.Add(field, $"must be at most {max} characters");
    }

    /// <summary>Each effect: exactly one kind, with its fields well-formed.</summary>
    public static void Effects(FieldViolations violations, string field, IReadOnlyList<DecisionEffect> effects)
    {
        for (var i = 0; i < effects.Count; i++)
        {
            var f = $"{field}[{i}]";
            var effect = effects[i];
            switch (effect.EffectCase)
            {
                case DecisionEffect.EffectOneofCase.AdmitMemberState:
                    Country(violations, f + ".admit_member_state.country_code", effect.AdmitMemberState.CountryCode, required: true);
                    break;
                case DecisionEffect.EffectOneofCase.Chairmanship:
                    Country(violations, f + ".chairmanship.country_code", effect.Chairmanship.CountryCode, required: true);
                    Period(violations, f + ".chairmanship.term", effect.Chairmanship.Term);
                    if (effect.Chairmanship.Term is { Start: not null, End: null }) violations.Add(f + ".chairmanship.term.end", "is required");
                    break;
                case DecisionEffect.EffectOneofCase.ScheduleMeeting:
                    Required(violations, f + ".schedule_meeting.kind", effect.ScheduleMeeting.Kind);
                    if (effect.ScheduleMeeting.Ordinal < 0) violations.Add(f + ".schedule_meeting.ordinal", "must not be negative");
                    Period(violations, f + ".schedule_meeting.dates", effect.ScheduleMeeting.Dates);
                    Country(violations, f + ".schedule_meeting.host_country", effect.ScheduleMeeting.HostCountry, required: false);
                    Text(violations, f + ".schedule_meeting.venue", effect.ScheduleMeeting.Venue, 200);
                    break;
                case DecisionEffect.EffectOneofCase.ApprovePolicyDocument:
                    var document = effect.ApprovePolicyDocument;
                    if ((document.Document?.Value ?? "").Length == 0 && document.DocumentName.Length == 0)
                        violations.Add(f + ".approve_policy_document", "names the document: its symbol or its name");
                    if (document.Document is { Value.Length: > 0 }) violations.AddIf(f + ".approve_policy_document.document.value", DocumentSymbols.Problem(document.Document.Value));
                    Text(violations, f + ".approve_policy_document.document_name", document.DocumentName, 500);
                    break;
                case DecisionEffect.EffectOneofCase.AmendCoordinatorList:
                    if (effect.AmendCoordinatorList.Changes.Count == 0) violations.Add(f + ".amend_coordinator_list.changes", "must not be empty");
                    FullDate(violations, f + ".amend_coordinator_list.effective_on", effect.AmendCoordinatorList.EffectiveOn);
                    break;
                case DecisionEffect.EffectOneofCase.AuthoriseSignature:
                    Text(violations, f + ".authorise_signature.document_name", effect.AuthoriseSignature.DocumentName, 500, required: true);
                    Text(violations, f + ".authorise_signature.signatory", effect.AuthoriseSignature.Signatory, 200, required: true);
                    break;
                default:
                    violations.Add(f, "must name one effect");
                    break;
            }
        }
    }
}

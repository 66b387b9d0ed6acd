using Cica.ConceptPapers.Storage;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Countries;
using Cica.Domain.Errors;

namespace Cica.ConceptPapers.Api;

/// <summary>
/// The filters of a ListPolicyDocuments request: checked (INVALID_ARGUMENT naming every offending
/// field), read as the store filters, and the fingerprint its page tokens are bound to.
/// </summary>
public static class DocumentListFilters
{
    /// <summary>The request's filters; throws <see cref="InvalidRequestException"/> naming each malformed one.</summary>
    public static DocumentStore.Filter Read(ListPolicyDocumentsRequest request)
    {
        var violations = new FieldViolations();
        var areaId = RequestChecks.AreaId(violations, "priority_area", request.PriorityArea);
        if (!Enum.IsDefined(request.Status)) violations.Add("status", $"unknown status {(int)request.Status}");
        if (!Enum.IsDefined(request.Kind)) violations.Add("kind", $"unknown kind {(int)request.Kind}");
        RequestChecks.Period(violations, "period", request.Period);
        var language = RequestChecks.Language(violations, "language", request.Language);
        if (request.ProposingCountry.Length > 0) violations.AddIf("proposing_country", IsoCountries.Problem(request.ProposingCountry));
        violations.ThrowIfAny();

        var first = request.Period?.Start?.FirstDay();
        var last = (request.Period?.End ?? request.Period?.Start)?.LastDay();
        return new DocumentStore.Filter(areaId, (int)request.Status, first is { } f ? RequestChecks.Iso(f) : null,
            last is { } l ? RequestChecks.Iso(l) : null, (int)request.Kind, language,
            request.ProposingCountry.Length > 0 ? request.ProposingCountry : null);
    }

    /// <summary>
    /// The filters a page token is bound to (a token made under other filters is refused). The
    /// proposing country is appended only when set, so tokens issued before it existed stay valid.
    /// </summary>
    public static string Fingerprint(DocumentStore.Filter filter) =>
        $"{filter.AreaId}|{filter.Status}|{filter.PeriodFirst}|{filter.PeriodLast}|{filter.Kind}|{filter.Language}"
        + (filter.ProposingCountry is null ? "" : $"|{filter.ProposingCountry}");
}

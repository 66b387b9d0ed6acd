using Cica.Contracts.Common.V1;

namespace Cica.CbmCoordination.Coordination;

/// <summary>
/// When an assignment runs: from the day its decision takes effect (or the first day of its term, if
/// later) to the last day of its term, or open-ended without a term. A role held for a term ends
/// with the term unless a later decision renews it.
/// </summary>
public static class CoordinatorTerm
{
    /// <summary>First day of an assignment made effective on <paramref name="effectiveOn"/>.</summary>
    public static DateOnly Start(DateOnly effectiveOn, Period? term) =>
        term?.Start is { } start && start.FirstDay() > effectiveOn ? start.FirstDay() : effectiveOn;

    /// <summary>Last day of an assignment for <paramref name="term"/>; null when open-ended.</summary>
    public static DateOnly? End(Period? term) => term?.End?.LastDay();

    /// <summary>
    /// Null when <paramref name="term"/> is acceptable for an assignment effective on
    /// <paramref name="effectiveOn"/> (null when not yet known), otherwise why not.
    /// </summary>
    public static string? Problem(Period term, DateOnly? effectiveOn)
    {
        if (term.Start is null) return "start is required (e.g. 2022 for a term 2022-2023)";
        if (term.End is null) return "end is required (e.g. 2023 for a term 2022-2023); leave the term unset for an open-ended assignment";
        if (term.Start.Problem() is { } start) return "start: " + start;
        if (term.End.Problem() is { } end) return "end: " + end;
        if (term.End.LastDay() < term.Start.FirstDay()) return $"ends ({term.End.ToIsoString()}) before it starts ({term.Start.ToIsoString()})";
        if (effectiveOn is { } on && term.End.LastDay() < on)
            return $"ends ({term.End.ToIsoString()}) before the amendment takes effect ({on:yyyy-MM-dd})";
        return null;
    }
}

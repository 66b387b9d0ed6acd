using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Cica.ServiceKit.MemberStates;
using Google.Protobuf.WellKnownTypes;

namespace Cica.Chairmanship.Chair;

/// <summary>
/// Chairmanship terms: recorded from an adopted decision (the state is elected), then assumed.
/// Terms stated in years share their hand-over year: "2022-2024" then "2024-2026".
/// </summary>
public static class ChairmanshipTerms
{
    /// <summary>"KAZ-2022": the chair and the first year of its term.</summary>
    public static string TermId(string countryCode, Period term) => $"{countryCode}-{term.Start.Year}";

    /// <summary>
    /// The term of the chair on <paramref name="day"/>: among the terms covering it, the latest whose
    /// chair has assumed it by then; when none of the later ones has, the earliest (the incumbent
    /// holds the chair until its successor assumes it). Null when no term covers the day.
    /// </summary>
    public static ChairmanshipTerm? ChairOn(IEnumerable<ChairmanshipTerm> terms, DateOnly day)
    {
        var covering = terms.Where(t => t.Period.Start.FirstDay() <= day && day <= t.Period.End.LastDay())
            .OrderBy(t => t.Period.Start.FirstDay()).ToList();
        if (covering.Count == 0) return null;
        var assumed = covering.LastOrDefault(t => t.AssumedOn is { } on && on.FirstDay() <= day);
        // A term assumed by then holds unless a later one covering the day is assumed too.
        return assumed is not null && covering.IndexOf(assumed) > 0 ? assumed : covering[0];
    }

    /// <summary>
    /// Records a term given by a decision. FAILED_PRECONDITION NOT_A_MEMBER_STATE unless the state is a
    /// member when elected; ALREADY_EXISTS TERM_EXISTS for the same chair and first year;
    /// FAILED_PRECONDITION OVERLAPPING_TERM when it overlaps another term by more than a hand-over year.
    /// </summary>
    public static async Task<ChairmanshipTerm> RecordAsync(UnitOfWork uow, string countryCode, Period period, string decisionName,
        DecisionReference? deciding, CalendarDate electedOn, CalendarDate? assumedOn, DateTimeOffset now, CancellationToken ct)
    {
        var member = await KnownMemberStates.FindAsync(uow, countryCode, ct);
        if (member is null || member.MemberFrom > electedOn.LastDay())
            throw Refusals.RuleViolated("NOT_A_MEMBER_STATE", $"{countryCode} is not a member state on {electedOn.ToIsoString()}: only a member state can chair CICA.",
                new Dictionary<string, string> { ["country_code"] = countryCode });
        var id = TermId(countryCode, period);
        if (await Tables.Terms.FindAsync(uow, id, ct) is not null)
            throw Refusals.Duplicate("TERM_EXISTS", $"{Names.Terms}{id} is already recorded.", new Dictionary<string, string> { ["term"] = Names.Terms + id });
        foreach (var other in await Tables.Terms.AllAsync(uow, new SqlWhere(), new { }, ct))
        {
            if (Overlap(other.Resource.Period, period))
                throw Refusals.RuleViolated("OVERLAPPING_TERM",
                    $"The term {period.Start.ToIsoString()}-{period.End.ToIsoString()} overlaps {other.Resource.Name} by more than a hand-over year.",
                    new Dictionary<string, string> { ["term"] = other.Resource.Name });
        }

        var term = new ChairmanshipTerm
        {
            Name = Names.Terms + id,
            CountryCode = countryCode,
            Period = period,
            Decision = decisionName,
            DecidingDecision = deciding,
            ElectedOn = electedOn,
            AssumedOn = assumedOn,
        };
        await Tables.Terms.InsertAsync(uow, id, term, new { country_code = countryCode }, ct);
        await uow.AddAsync(new ChairmanshipElected { Term = term, OccurredAt = Timestamp.FromDateTimeOffset(now) }, ct);
        if (assumedOn is not null) // a term recorded after the fact (the seed's 2020-2022)
            await uow.AddAsync(new ChairmanshipAssumed { Term = term, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = new Actor { Kind = ActorKind.Secretariat } }, ct);
        return term;
    }

    /// <summary>
    /// Records that the chair assumed its term on <paramref name="assumedOn"/>: FAILED_PRECONDITION
    /// ALREADY_ASSUMED, or OUTSIDE_TERM when the day is not within the term or before the election.
    /// </summary>
    public static async Task<ChairmanshipTerm> AssumeAsync(UnitOfWork uow, string termId, DateOnly assumedOn, string etag,
        Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await Tables.Terms.FindAsync(uow, termId, ct) ?? throw Refusals.NotFound(Names.Terms + termId);
        var term = stored.Resource;
        if (etag.Length > 0 && etag != term.Etag) throw Refusals.StaleEtag(term.Name);
        if (term.AssumedOn is not null)
            throw Refusals.RuleViolated("ALREADY_ASSUMED", $"{term.CountryCode} assumed {term.Name} on {term.AssumedOn.ToIsoString()}.");
        if (assumedOn < term.Period.Start.FirstDay() || assumedOn > term.Period.End.LastDay() || assumedOn < term.ElectedOn.FirstDay())
            throw Refusals.RuleViolated("OUTSIDE_TERM", $"{assumedOn:yyyy-MM-dd} is not within {term.Name} (from its election on {term.ElectedOn.ToIsoString()}).",
                new Dictionary<string, string> { ["field"] = "assumed_on" });
        term.AssumedOn = CalendarDate.From(assumedOn);
        if (!await Tables.Terms.UpdateAsync(uow, termId, term, stored.Version, new { }, ct)) throw Refusals.StaleEtag(term.Name);
        await uow.AddAsync(new ChairmanshipAssumed { Term = term, OccurredAt = Timestamp.FromDateTimeOffset(now), Actor = actor }, ct);
        return term;
    }

    // Two terms may share one boundary year (the hand-over), not more.
    internal static bool Overlap(Period a, Period b)
    {
        var (aFrom, aTo, bFrom, bTo) = (a.Start.FirstDay(), a.End.LastDay(), b.Start.FirstDay(), b.End.LastDay());
        if (aTo < bFrom || bTo < aFrom) return false;
        var handOver = (a.End.Month == 0 && b.Start.Month == 0 && a.End.Year == b.Start.Year)
            || (b.End.Month == 0 && a.Start.Month == 0 && b.End.Year == a.Start.Year);
        return !handOver;
    }
}

using Cica.Contracts.Common.V1;

namespace Cica.ServiceKit.MemberStates;

/// <summary>A member state as a service knows it from Membership's events (a row of known_member_states).</summary>
public sealed record KnownMemberState
{
    /// <summary>ISO alpha-3 code.</summary>
    public required string CountryCode { get; init; }
    /// <summary>English name.</summary>
    public required string NameEn { get; init; }
    /// <summary>Russian name.</summary>
    public string NameRu { get; init; } = "";
    /// <summary>Kazakh name.</summary>
    public string NameKk { get; init; } = "";
    /// <summary>ISO date of accession ("1999" or "2022-10-12").</summary>
    public required string AccessionDate { get; init; }

    /// <summary>First day on which the state was certainly a member (a year-only date counts from 1 January).</summary>
    public DateOnly MemberFrom => CalendarDate.ParseIso(AccessionDate).FirstDay();
}

using System.Security.Claims;
using Cica.Contracts.Countries;
using Cica.Domain.Callers;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// The claims that make a principal a CICA caller: <c>role</c> (secretariat | member-state |
/// observer) and <c>country</c> (ISO 3166-1 alpha-3; required for a member state, optional for an
/// observer). Any identity provider that issues these claims plugs in.
/// </summary>
public static class CallerClaims
{
    /// <summary>The role claim.</summary>
    public const string Role = "role";

    /// <summary>The country claim.</summary>
    public const string Country = "country";

    /// <summary>Role of the Secretariat.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Role of a member state.</summary>
    public const string MemberState = "member-state";

    /// <summary>Role of an observer (reads only).</summary>
    public const string Observer = "observer";

    /// <summary>The caller the claims name, or null with why not.</summary>
    public static Caller? ToCaller(ClaimsPrincipal principal, out string? problem) =>
        ToCaller(principal.FindFirst(Role)?.Value, principal.FindFirst(Country)?.Value, out problem);

    /// <summary>The caller of a role and country, or null with why not.</summary>
    public static Caller? ToCaller(string? role, string? country, out string? problem)
    {
        problem = null;
        switch (role)
        {
            case Secretariat:
                return Caller.Secretariat;
            case MemberState when country is not null && IsoCountries.Find(country) is not null:
                return Caller.MemberState(country);
            case MemberState:
                problem = "a member state's principal needs a 'country' claim with a known ISO 3166-1 alpha-3 code";
                return null;
            case Observer when string.IsNullOrEmpty(country):
                return Caller.Observer();
            case Observer when IsoCountries.Find(country) is not null:
                return Caller.Observer(country);
            case Observer:
                problem = "an observer's 'country' claim is not a known ISO 3166-1 alpha-3 code";
                return null;
            default:
                problem = "the principal's 'role' claim must be secretariat, member-state or observer";
                return null;
        }
    }

    /// <summary>The claims of <paramref name="caller"/>.</summary>
    public static IEnumerable<Claim> Of(string role, string? country)
    {
        yield return new Claim(Role, role);
        if (!string.IsNullOrEmpty(country)) yield return new Claim(Country, country);
    }

    /// <summary>A short, bounded text for logs and messages (never the whole of what a caller sent).</summary>
    public static string Bounded(string? value, int max = 100) =>
        value is null ? "" : value.Length <= max ? value : value[..max] + $"… ({value.Length} characters)";
}

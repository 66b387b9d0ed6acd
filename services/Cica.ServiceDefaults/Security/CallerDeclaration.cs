using System.Security.Claims;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// A caller written as text — <c>secretariat</c>, <c>member-state/XXX</c>, <c>observer</c> or
/// <c>observer/XXX</c> — as the development header declares it and as the mutual-TLS map assigns it
/// to a client certificate.
/// </summary>
public static class CallerDeclaration
{
    /// <summary>The identity of <paramref name="value"/> under <paramref name="scheme"/>, or null with why not.</summary>
    public static ClaimsIdentity? ToIdentity(string value, string scheme, string subject, out string? problem)
    {
        var (role, country) = value switch
        {
            CallerClaims.Secretariat or CallerClaims.Observer => (value, (string?)null),
            _ when value.StartsWith(CallerClaims.MemberState + "/", StringComparison.Ordinal) => (CallerClaims.MemberState, value[(CallerClaims.MemberState.Length + 1)..]),
            _ when value.StartsWith(CallerClaims.Observer + "/", StringComparison.Ordinal) => (CallerClaims.Observer, value[(CallerClaims.Observer.Length + 1)..]),
            _ => ("", null),
        };
        if (CallerClaims.ToCaller(role, country, out problem) is null) return null;
        var identity = new ClaimsIdentity(CallerClaims.Of(role, country), scheme, "sub", CallerClaims.Role);
        identity.AddClaim(new Claim("sub", subject));
        return identity;
    }
}

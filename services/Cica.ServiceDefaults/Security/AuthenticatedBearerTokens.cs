using System.Collections.Concurrent;
using System.Security.Claims;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// The principals of bearer tokens that authenticated, by the <c>authorization</c> header that
/// carried them, so that a caller sending the same token on thousands of calls is authenticated
/// once: a profile of GetMemberState under h2load showed the JwtBearer handler's per-call work
/// (its validation parameters cloned, events, ticket) at about a fifth of the request's time even
/// with <see cref="ValidatedTokenCache"/>. An entry holds only what the whole scheme accepted
/// (signature, issuer, audience, lifetime and a known caller); a refused token is never remembered.
/// It is remembered until the token expires or for <see cref="ValidatedTokenCache.Lifetime"/>,
/// whichever comes first, and each call gets its own copy of the principal.
/// </summary>
public sealed class AuthenticatedBearerTokens(TimeProvider clock)
{
    // Far above the callers one platform has; past it the cache starts over rather than grow.
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _authenticated = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of the principal <paramref name="authorization"/> authenticated as, or null when unknown or expired.</summary>
    public ClaimsPrincipal? Find(string authorization)
    {
        if (!_authenticated.TryGetValue(authorization, out var known)) return null;
        if (clock.GetUtcNow() < known.Until) return Copy(known.Principal);
        _authenticated.TryRemove(KeyValuePair.Create(authorization, known));
        return null;
    }

    /// <summary>Remembers the principal a header authenticated as, until <paramref name="expires"/> (the token's expiry) at the latest.</summary>
    public void Remember(string authorization, ClaimsPrincipal principal, DateTimeOffset? expires)
    {
        if (expires is null) return;   // a token without an expiry is not remembered (the scheme requires one anyway)
        var until = clock.GetUtcNow() + ValidatedTokenCache.Lifetime;
        if (expires.Value < until) until = expires.Value;
        if (until <= clock.GetUtcNow()) return;
        if (_authenticated.Count >= Capacity) _authenticated.Clear();
        _authenticated[authorization] = new Entry(Copy(principal), until);
    }

    // Each call its own identities: nothing one request adds to its principal reaches another.
    private static ClaimsPrincipal Copy(ClaimsPrincipal principal)
    {
        var copy = new ClaimsPrincipal();
        foreach (var identity in principal.Identities) copy.AddIdentity(identity.Clone());
        return copy;
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Until);
}

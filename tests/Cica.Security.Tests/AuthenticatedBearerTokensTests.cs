using System.Security.Claims;
using Cica.ServiceDefaults.Security;

namespace Cica.Security.Tests;

/// <summary>
/// A bearer token that authenticated is remembered by its header, with a fresh principal per call,
/// never past the token's expiry nor past the cache's own lifetime.
/// </summary>
public sealed class AuthenticatedBearerTokensTests
{
    private const string Header = "Bearer header.payload.signature";

    private static ClaimsPrincipal Kazakhstan() =>
        new(new ClaimsIdentity(CallerClaims.Of(CallerClaims.MemberState, "KAZ"), "Bearer", "sub", CallerClaims.Role));

    [Fact]
    public void A_remembered_token_gives_each_call_its_own_principal_until_the_token_expires()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        var tokens = new AuthenticatedBearerTokens(clock);
        Assert.Null(tokens.Find(Header));

        tokens.Remember(Header, Kazakhstan(), clock.Now.AddMinutes(2));
        var first = tokens.Find(Header);
        var second = tokens.Find(Header);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(first.Identity!.IsAuthenticated);
        Assert.Equal("KAZ", second.FindFirst(CallerClaims.Country)?.Value);
        Assert.NotSame(first, second);
        Assert.NotSame(first.Identity, second.Identity);
        ((ClaimsIdentity)first.Identity).AddClaim(new Claim(CallerClaims.Role, CallerClaims.Secretariat));   // one call's change…
        Assert.Single(tokens.Find(Header)!.FindAll(CallerClaims.Role));                                    // …reaches no other

        clock.Now = clock.Now.AddMinutes(2);
        Assert.Null(tokens.Find(Header));
        Assert.Null(tokens.Find("Bearer another"));
    }

    [Fact]
    public void A_long_lived_token_is_authenticated_again_after_the_cache_lifetime()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        var tokens = new AuthenticatedBearerTokens(clock);
        tokens.Remember(Header, Kazakhstan(), clock.Now.AddHours(12));
        clock.Now = clock.Now + ValidatedTokenCache.Lifetime - TimeSpan.FromSeconds(1);
        Assert.NotNull(tokens.Find(Header));
        clock.Now = clock.Now.AddSeconds(1);
        Assert.Null(tokens.Find(Header));
    }

    [Fact]
    public void A_token_without_expiry_or_already_expired_is_not_remembered()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        var tokens = new AuthenticatedBearerTokens(clock);
        tokens.Remember(Header, Kazakhstan(), null);
        Assert.Null(tokens.Find(Header));
        tokens.Remember(Header, Kazakhstan(), clock.Now.AddSeconds(-1));
        Assert.Null(tokens.Find(Header));
    }

    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}

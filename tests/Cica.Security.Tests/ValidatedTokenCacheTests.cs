using System.Security.Cryptography;
using Cica.ServiceDefaults.Security;
using Microsoft.IdentityModel.Tokens;

namespace Cica.Security.Tests;

/// <summary>A token is validated once and remembered only while it is valid; a refused token is never remembered.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly SymmetricSecurityKey Key = DevelopmentKey.KeyOf(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "k");

    private static TokenValidationParameters Parameters(params SecurityKey[] keys) => new()
    {
        ValidIssuer = "cica-tests", ValidAudience = "cica-platform", IssuerSigningKeys = keys,
        ValidateIssuerSigningKey = true, RequireExpirationTime = true, ClockSkew = TimeSpan.Zero,
    };

    [Fact]
    public async Task A_valid_token_is_remembered_with_a_fresh_identity_per_call_and_forgotten_when_it_expires()
    {
        var clock = new SetClock(DateTimeOffset.UtcNow);
        var cache = new ValidatedTokenCache(clock);
        var token = DevelopmentKey.Issue(Key, "cica-tests", "cica-platform", "member-state", "KAZ", TimeSpan.FromMinutes(2));

        var first = await cache.ValidateTokenAsync(token, Parameters(Key));
        Assert.True(first.IsValid);
        // Remembered: valid even when the call's parameters no longer hold the key (proof that it was not validated again)…
        var second = await cache.ValidateTokenAsync(token, Parameters());
        Assert.True(second.IsValid);
        Assert.Equal("KAZ", second.ClaimsIdentity.FindFirst("country")?.Value);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);

        // …but not past the token's own expiry.
        clock.Now = clock.Now.AddMinutes(3);
        Assert.False((await cache.ValidateTokenAsync(token, Parameters())).IsValid);
    }

    [Fact]
    public async Task A_refused_token_is_refused_every_time()
    {
        var cache = new ValidatedTokenCache(TimeProvider.System);
        var other = DevelopmentKey.KeyOf(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "other");
        var forged = DevelopmentKey.Issue(other, "cica-tests", "cica-platform", "secretariat", null, TimeSpan.FromMinutes(5));
        Assert.False((await cache.ValidateTokenAsync(forged, Parameters(Key))).IsValid);
        Assert.False((await cache.ValidateTokenAsync(forged, Parameters(Key))).IsValid);
    }

    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}

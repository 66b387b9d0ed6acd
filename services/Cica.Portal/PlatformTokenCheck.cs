using Cica.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Cica.Portal;

/// <summary>A bearer token the platform accepts (as sent, without "Bearer "), for a desk officer of <see cref="Actor"/> ("secretariat" or "RUS").</summary>
public sealed record AcceptedToken(string Token, string Actor, DateTimeOffset Expires);

/// <summary>
/// Judges a bearer token exactly as the platform's services do: it runs this host's own JwtBearer
/// handler (the one <see cref="PlatformSecurity.AddPlatformSecurity"/> registers: Security:Jwt issuer,
/// audience, trusted keys, expiry, and the check that the claims name a known caller), so a token the
/// portal accepts is one every service accepts. Then the portal's own rule: the caller must be the
/// Secretariat or a member state (an observer has nothing to do here).
/// </summary>
public static class PlatformTokenCheck
{
    /// <summary>Longest text taken as a token (a real one is well under 2 KB); longer is refused unread.</summary>
    public const int MaxLength = 8192;

    /// <summary>The accepted token, or the key of the interface text that says why not.</summary>
    public static async Task<(AcceptedToken? Token, string? Problem)> CheckAsync(IServiceProvider services, string? token)
    {
        token = token?.Trim();
        if (token is { Length: > 7 } && token.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = token[7..].Trim();
        if (string.IsNullOrEmpty(token)) return (null, "tokenMissing");
        if (token.Length > MaxLength || token.Any(char.IsWhiteSpace)) return (null, "tokenMalformed");

        // A request of its own (and a scope of its own: handlers are cached per scope and the page's
        // request already ran this handler without a token).
        using var scope = services.CreateScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = "Bearer " + token;
        var result = await probe.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded) return (null, Why(result.Failure));

        var principal = result.Principal!;
        var actor = principal.FindFirst(CallerClaims.Role)?.Value switch
        {
            CallerClaims.Secretariat => PortalCredentials.Secretariat,
            CallerClaims.MemberState => principal.FindFirst(CallerClaims.Country)?.Value,
            _ => null,
        };
        if (string.IsNullOrEmpty(actor)) return (null, "tokenNotDeskOfficer");
        var expires = result.Properties?.ExpiresUtc ?? ExpiryOf(token);
        // Past its expiry but within the clock skew the platform tolerates: a session would end at once.
        if (expires <= TimeProvider.System.GetUtcNow()) return (null, "tokenExpired");
        return (new AcceptedToken(token, actor, expires), null);
    }

    // The token's own exp (already verified by the handler).
    private static DateTimeOffset ExpiryOf(string token) =>
        new DateTimeOffset(new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).ValidTo, TimeSpan.Zero);

    private static string Why(Exception? failure) => failure switch
    {
        null => "tokenMalformed",
        AggregateException many => many.InnerExceptions.Select(Why).FirstOrDefault(k => k != "tokenUntrusted") ?? "tokenUntrusted",
        SecurityTokenExpiredException => "tokenExpired",
        SecurityTokenNotYetValidException => "tokenNotYetValid",
        SecurityTokenMalformedException or ArgumentException => "tokenMalformed",
        SecurityTokenException => "tokenUntrusted",
        _ => "tokenNotDeskOfficer",   // a valid signature whose claims name no caller (OnTokenValidated's refusal)
    };
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Cica.Portal;

/// <summary>
/// The portal's sign-in cookie lives no longer than the token it carries: at sign-in its expiry is
/// brought forward to the token's (and never slid past it), and a session whose token has expired
/// by the clock the platform validates tokens with is refused, so the desk officer signs in again
/// rather than meeting UNAUTHENTICATED on every page.
/// </summary>
public static class PortalSession
{
    /// <summary>The longest a session lasts, even with a longer-lived token.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(8);

    /// <summary>The cookie's events.</summary>
    public static CookieAuthenticationEvents Events => new()
    {
        OnSigningIn = context =>
        {
            var latest = context.Properties.ExpiresUtc ?? Now(context.Options) + context.Options.ExpireTimeSpan;
            context.Properties.ExpiresUtc = PortalCredentials.TokenExpires(context.Principal) is { } until && until < latest ? until : latest;
            context.Properties.AllowRefresh = false;
            // Only the access token is kept (an identity provider's sign-in saves its id and refresh
            // tokens too): the cookie carries what the calls need, no more.
            if (context.Properties.GetTokenValue(PortalCredentials.AccessToken) is { } token)
                context.Properties.StoreTokens([new AuthenticationToken { Name = PortalCredentials.AccessToken, Value = token }]);
            return Task.CompletedTask;
        },
        OnValidatePrincipal = async context =>
        {
            if (PortalCredentials.TokenExpires(context.Principal) is { } until && until > Now(context.Options)) return;
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PortalModule.Scheme);
        },
    };

    private static DateTimeOffset Now(CookieAuthenticationOptions options) => (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
}

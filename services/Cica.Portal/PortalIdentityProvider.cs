using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Cica.Portal;

/// <summary>
/// Settings under <c>Portal:Oidc</c>: the identity provider desk officers sign in with in
/// production. With <see cref="Authority"/> set, the sign-in page sends them there (OpenID Connect
/// authorization code flow with PKCE) instead of asking for a token.
/// </summary>
public sealed class PortalOidcOptions
{
    /// <summary>The provider's issuer address (its discovery document is <c>{Authority}/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    /// <summary>The portal's client id at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The portal's client secret (a confidential client; PKCE is used as well).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c>: those that make the provider issue an access token for the platform's audience.</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Where the provider sends the browser back (registered at the provider as <c>{portal}/signin-oidc</c>).</summary>
    public string CallbackPath { get; set; } = "/signin-oidc";

    /// <summary>Require https for the provider's metadata (turn off only for a provider on loopback).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>True when a provider is configured.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>
/// Sign-in through the identity provider: the provider authenticates the desk officer, the portal
/// redeems the code (with its PKCE verifier) for tokens and keeps the ACCESS token, which must pass
/// the platform's own validation (<see cref="PlatformTokenCheck"/>: the services trust the provider
/// through Security:Jwt) and name the Secretariat or a member state; it is then forwarded on every call.
/// </summary>
public static class PortalIdentityProvider
{
    /// <summary>The authentication scheme of the provider's sign-in.</summary>
    public const string Scheme = "cica-portal-oidc";

    /// <summary>Keys of the sign-in choices carried through the provider's round trip.</summary>
    public const string LanguageItem = "cica:language", TimeZoneItem = "cica:time-zone";

    /// <summary>Registers the scheme when <paramref name="settings"/> names a provider.</summary>
    public static AuthenticationBuilder AddPortalIdentityProvider(this AuthenticationBuilder authentication, PortalOidcOptions settings)
    {
        if (!settings.IsConfigured) return authentication;
        return authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.Authority = settings.Authority;
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The code comes back in the address of a top-level GET: the correlation and nonce
            // cookies can then be SameSite=Lax, which browsers keep on plain-http loopback too.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            // Its cookies' expiry and the tokens' lifetimes on the system clock, as the portal's cookie.
            o.TimeProvider = TimeProvider.System;
            o.CallbackPath = settings.CallbackPath;
            o.SignInScheme = PortalModule.Scheme;
            o.SaveTokens = true;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            foreach (var scope in settings.Scopes.Where(s => !string.IsNullOrWhiteSpace(s))) o.Scope.Add(scope);
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = async context =>
                {
                    var (token, problem) = await PlatformTokenCheck.CheckAsync(context.HttpContext.RequestServices, context.TokenEndpointResponse?.AccessToken);
                    if (token is null)
                    {
                        context.Fail(problem!);
                        return;
                    }
                    context.Principal = PortalCredentials.Principal(token.Actor, Texts.Supported(context.Properties?.GetString(LanguageItem)),
                        PortalUser.Zone(context.Properties?.GetString(TimeZoneItem)).Id, token.Expires);
                },
                // The provider refused, or its token is not one the platform accepts: back to the
                // sign-in page with the reason (a key of the interface texts, never the provider's words).
                OnRemoteFailure = context =>
                {
                    var reason = context.Failure?.Message is { } m && Texts.Has(m) ? m : "idpFailed";
                    context.Response.Redirect("/signin?failed=" + Uri.EscapeDataString(reason));
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            };
        });
    }
}

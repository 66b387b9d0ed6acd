using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// ASP.NET Core's authentication middleware with one shortcut: a call whose <c>authorization</c>
/// header already authenticated (<see cref="AuthenticatedBearerTokens"/>, until the token expires)
/// gets its principal at once. Resolving the authentication service and handler per call, as the
/// full middleware does, cost about as much as the JwtBearer handler itself under h2load. Every other
/// call (a new, expired or refused token, a client certificate, no credentials) takes the full
/// middleware, so what is refused is refused exactly as before.
/// </summary>
public sealed class CallerAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuthenticationMiddleware _full;
    private readonly AuthenticatedBearerTokens _tokens;
    private readonly bool _shortcut;

    /// <summary>Wraps the full middleware.</summary>
    public CallerAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider schemes, AuthenticatedBearerTokens tokens)
    {
        _next = next;
        _full = new AuthenticationMiddleware(next, schemes);
        _tokens = tokens;
        // A scheme that handles requests itself (a remote sign-in's callback) must see every request.
        _shortcut = !schemes.GetRequestHandlerSchemesAsync().GetAwaiter().GetResult().Any();
    }

    /// <summary>Authenticates the call, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext http)
    {
        // A call with an authorization header is always the bearer scheme's (see PlatformSecurity).
        var authorization = _shortcut ? http.Request.Headers.Authorization.ToString() : "";
        if (authorization.Length > 0 && _tokens.Find(authorization) is { } principal)
        {
            http.User = principal;
            return _next(http);
        }
        return _full.Invoke(http);
    }
}

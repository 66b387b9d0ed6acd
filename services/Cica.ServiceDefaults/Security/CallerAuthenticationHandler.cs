using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cica.ServiceDefaults.Security;

/// <summary>Options of <see cref="CallerAuthenticationHandler"/>: which scheme speaks for a request.</summary>
public sealed class CallerAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The scheme that authenticates a request (bearer token, client certificate, declared caller).</summary>
    public Func<HttpContext, string> SchemeFor { get; set; } = _ => JwtBearerDefaults.AuthenticationScheme;
}

/// <summary>
/// The platform's default scheme: hands each request to the scheme that speaks for it (as a policy
/// scheme would), except that a bearer token already authenticated is answered from
/// <see cref="AuthenticatedBearerTokens"/> without running the JwtBearer handler again. A token
/// seen for the first time, expired, or refused goes through JwtBearer in full.
/// </summary>
public sealed class CallerAuthenticationHandler(IOptionsMonitor<CallerAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AuthenticatedBearerTokens tokens) : AuthenticationHandler<CallerAuthenticationOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "cica";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var scheme = Options.SchemeFor(Context);
        var authorization = scheme == JwtBearerDefaults.AuthenticationScheme ? Request.Headers.Authorization.ToString() : "";
        if (authorization.Length == 0) return await Context.AuthenticateAsync(scheme);
        if (tokens.Find(authorization) is { } known) return AuthenticateResult.Success(new AuthenticationTicket(known, scheme));

        var result = await Context.AuthenticateAsync(scheme);
        if (result.Succeeded) tokens.Remember(authorization, result.Principal, result.Properties.ExpiresUtc);
        return result;
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Context.ChallengeAsync(Options.SchemeFor(Context), properties);

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Context.ForbidAsync(Options.SchemeFor(Context), properties);
}

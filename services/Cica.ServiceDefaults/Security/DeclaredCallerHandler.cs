using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// Development only (<c>Security:AllowDeclaredCaller=true</c>): the caller a call declares in
/// <c>x-cica-caller</c> (<c>secretariat</c>, <c>member-state/XXX</c>, <c>observer[/XXX]</c>) becomes
/// its principal. A declaration, not a proof: never on in production.
/// </summary>
public sealed class DeclaredCallerHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "DeclaredCaller";

    /// <summary>The metadata header of the declaration.</summary>
    public const string Header = "x-cica-caller";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var value = Request.Headers[Header].ToString().Trim();
        if (value.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        var identity = CallerDeclaration.ToIdentity(value, SchemeName, value, out _);
        if (identity is null)
            return Task.FromResult(AuthenticateResult.Fail($"'{Header}' is '{CallerClaims.Bounded(value, 40)}': expected secretariat, member-state/<ISO alpha-3 code> or observer"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Cica.Portal.Pages;

/// <summary>
/// Sign-in: the desk officer proves who they are, with a bearer token the platform accepts (pasted
/// from the platform's <c>token</c> command: development and the embedded default) or, when
/// <c>Portal:Oidc</c> names one, at the identity provider; and chooses the interface language and
/// their time zone. Who they are (the Secretariat or which member state) is read from the token,
/// never chosen.
/// </summary>
public sealed class SignInModel(IOptions<PortalOptions> options) : PortalPage
{
    /// <inheritdoc />
    protected override bool RequiresSignIn => false;

    /// <inheritdoc />
    protected override string? ChosenLanguage => HttpMethods.IsPost(Request.Method) ? Lang : null;

    /// <summary>True when desk officers sign in at the identity provider rather than with a pasted token.</summary>
    public bool UsesIdentityProvider => options.Value.Oidc.IsConfigured;

    /// <summary>The pasted bearer token (never shown back).</summary>
    [BindProperty] public string Token { get; set; } = "";

    /// <summary>Chosen interface language.</summary>
    [BindProperty] public string Lang { get; set; } = "en";

    /// <summary>The viewer's IANA time zone.</summary>
    [BindProperty] public string TimeZone { get; set; } = "UTC";

    /// <summary>Shows the form, with why the identity provider's sign-in failed when it did.</summary>
    public void OnGet(string? failed)
    {
        if (failed is { Length: > 0 }) Problem = T(Texts.Has(failed) ? failed : "idpFailed");
    }

    /// <summary>Signs in and goes to "My areas" (or, with an identity provider, goes there first).</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var language = Texts.Supported(Lang);
        var zone = PortalUser.Zone(TimeZone).Id;
        if (UsesIdentityProvider)
        {
            var round = new AuthenticationProperties { RedirectUri = "/areas" };
            round.Items[PortalIdentityProvider.LanguageItem] = language;
            round.Items[PortalIdentityProvider.TimeZoneItem] = zone;
            return Challenge(round, PortalIdentityProvider.Scheme);
        }

        var (token, problem) = await PlatformTokenCheck.CheckAsync(HttpContext.RequestServices, Token);
        if (token is null)
        {
            FieldErrors["token"] = T(problem!);
            Problem = T("fixFields");
            return Page();
        }
        await HttpContext.SignInAsync(PortalModule.Scheme, PortalCredentials.Principal(token.Actor, language, zone, token.Expires),
            PortalCredentials.Keeping(token.Token));
        return Redirect("/areas");
    }

    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(PortalModule.Scheme);
        return Redirect("/signin");
    }
}

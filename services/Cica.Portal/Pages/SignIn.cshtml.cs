using Cica.Contracts.Membership.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>Sign-in: the desk officer chooses their country (or the Secretariat), the interface language and their time zone.</summary>
public sealed class SignInModel(PortalClients apis) : PortalPage
{
    /// <inheritdoc />
    protected override bool RequiresSignIn => false;

    /// <summary>The member states to choose from (code, name).</summary>
    public List<(string Code, string Name)> Countries { get; } = [];

    /// <summary>Chosen actor: "secretariat" or a country code.</summary>
    [BindProperty] public string Actor { get; set; } = "";

    /// <summary>Chosen interface language.</summary>
    [BindProperty] public string Lang { get; set; } = "en";

    /// <summary>The viewer's IANA time zone.</summary>
    [BindProperty] public string TimeZone { get; set; } = "UTC";

    /// <summary>Shows the form.</summary>
    public async Task OnGetAsync() => await LoadCountriesAsync();

    /// <summary>Signs in and goes to "My areas".</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await LoadCountriesAsync();
        if (Actor != PortalCredentials.Secretariat && Countries.All(c => c.Code != Actor))
        {
            FieldErrors["actor"] = T("country");
            Problem = T("fixFields");
            return Page();
        }
        var principal = PortalCredentials.Principal(Actor, Texts.Supported(Lang), PortalUser.Zone(TimeZone).Id);
        await HttpContext.SignInAsync(PortalModule.Scheme, principal);
        return Redirect("/areas");
    }

    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(PortalModule.Scheme);
        return Redirect("/signin");
    }

    private async Task LoadCountriesAsync()
    {
        try
        {
            var token = "";
            do
            {
                var page = await apis.Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100, PageToken = token });
                Countries.AddRange(page.MemberStates.Select(s => (s.CountryCode, L(s.DisplayName))));
                token = page.NextPageToken;
            } while (token.Length > 0);
            Countries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }
}

using Microsoft.AspNetCore.Mvc;

namespace Cica.Portal.Pages;

/// <summary>The portal's root: "My areas" (sign-in first when needed).</summary>
public sealed class IndexModel : PortalPage
{
    /// <summary>Goes to "My areas".</summary>
    public IActionResult OnGet() => Redirect("/areas");
}

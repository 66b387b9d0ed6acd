using Cica.Contracts.Gateway.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>The country dossier (gateway GetCountryDossier).</summary>
public sealed class DossierModel(PortalClients apis) : PortalPage
{
    /// <summary>The dossier, once read.</summary>
    public CountryDossier? Dossier { get; private set; }

    /// <summary>The country shown.</summary>
    public string Country { get; private set; } = "";

    /// <summary>The Secretariat's choices of country.</summary>
    public List<(string Code, string Name)> Countries { get; private set; } = [];

    /// <summary>Reads it.</summary>
    public async Task OnGetAsync(string? country)
    {
        Country = Viewer!.Country ?? (country ?? "").Trim().ToUpperInvariant();
        try
        {
            if (Viewer.IsSecretariat) Countries = await MemberStateList.ReadAsync(apis, L, HttpContext.RequestAborted);
            if (Country.Length == 0) return;
            Dossier = (await apis.Gateway.GetCountryDossierAsync(new GetCountryDossierRequest { CountryCode = Country })).Dossier;
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>"Not available: reason" for a missing section; null when it is there.</summary>
    public string? Missing(SectionStatus? status) =>
        status is null || status.State == SectionState.Ok ? null : $"{T("missing")}: {status.Reason} ({status.Source})";
}

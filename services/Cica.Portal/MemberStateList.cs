using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;

namespace Cica.Portal;

/// <summary>The member states (code, name in the interface language), sorted by name: what the Secretariat's country picker offers.</summary>
public static class MemberStateList
{
    /// <summary>Reads every page of ListMemberStates.</summary>
    public static async Task<List<(string Code, string Name)>> ReadAsync(PortalClients apis, Func<LocalizedText, string> name, CancellationToken ct)
    {
        var countries = new List<(string Code, string Name)>();
        var token = "";
        do
        {
            var page = await apis.Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100, PageToken = token }, cancellationToken: ct);
            countries.AddRange(page.MemberStates.Select(s => (s.CountryCode, name(s.DisplayName))));
            token = page.NextPageToken;
        } while (token.Length > 0);
        countries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return countries;
    }
}

/// <summary>What the country picker (Pages/Shared/_CountryPicker) shows: a GET form with one labelled select.</summary>
/// <param name="Page">The page (its strings).</param>
/// <param name="Countries">The choices.</param>
/// <param name="Selected">The country shown now ("" for none).</param>
/// <param name="AllowAll">True when "all countries" is a choice (the feed).</param>
/// <param name="Keep">Other query values the form keeps.</param>
public sealed record CountryPicker(PortalPage Page, IReadOnlyList<(string Code, string Name)> Countries, string Selected, bool AllowAll = false,
    IReadOnlyDictionary<string, string>? Keep = null);

using Cica.Contracts.ConceptPapers.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>Concept papers (of an area, or all), and one read section by section in each language it exists in.</summary>
public sealed class PapersModel(PortalClients apis) : PortalPage
{
    /// <summary>The list, when no paper is chosen.</summary>
    public List<PolicyDocument> Items { get; } = [];

    /// <summary>The chosen paper.</summary>
    public PolicyDocument? Paper { get; private set; }

    /// <summary>The language version shown.</summary>
    public LanguageVersion? Version { get; private set; }

    /// <summary>Reads the list or the paper.</summary>
    public async Task OnGetAsync(string? area, string? name, string? lang)
    {
        try
        {
            if (!string.IsNullOrEmpty(name))
            {
                Paper = (await apis.ConceptPapers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = name })).PolicyDocument;
                var versions = Paper.CurrentRevision?.Versions ?? [];
                Version = versions.FirstOrDefault(v => v.Language == (lang ?? Language))
                    ?? versions.FirstOrDefault(v => v.Language == Paper.CurrentRevision?.AuthoritativeLanguage) ?? versions.FirstOrDefault();
                return;
            }
            var page = await apis.ConceptPapers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PriorityArea = area ?? "", PageSize = 100 });
            Items.AddRange(page.PolicyDocuments);
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }
}

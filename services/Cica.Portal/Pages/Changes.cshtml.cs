using Cica.Contracts.ConceptPapers.V1;
using Grpc.Core;

namespace Cica.Portal.Pages;

/// <summary>
/// A draft's changes against the approved revision, section by section (Concept Papers
/// DiffRevisions). An approved revision never changes, so a redraft is a new document: the base
/// offered first is the approved paper of the same priority area; earlier revisions of the
/// document itself are the other choices.
/// </summary>
public sealed class ChangesModel(PortalClients apis) : PortalPage
{
    /// <summary>The document whose current revision is compared.</summary>
    public PolicyDocument? Paper { get; private set; }

    /// <summary>What it can be compared with: a revision's resource name, the document it belongs to, and whether it is approved.</summary>
    public List<(string Revision, PolicyDocument Document, int Number, bool Approved)> Bases { get; } = [];

    /// <summary>The base compared with (one of <see cref="Bases"/>), if any.</summary>
    public (string Revision, PolicyDocument Document, int Number, bool Approved)? Base { get; private set; }

    /// <summary>The comparison, once made.</summary>
    public DiffRevisionsResponse? Diff { get; private set; }

    /// <summary>The languages of the compared revision.</summary>
    public List<string> Languages { get; } = [];

    /// <summary>Reads the document, the bases and the comparison.</summary>
    public async Task OnGetAsync(string? name, string? @base, string? lang)
    {
        var ct = HttpContext.RequestAborted;
        try
        {
            if (string.IsNullOrEmpty(name))
            {
                Problem = T("notFound");
                return;
            }
            Paper = (await apis.ConceptPapers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = name }, cancellationToken: ct)).PolicyDocument;
            var current = Paper.CurrentRevision;
            if (current is null) return;
            Languages.AddRange(current.Versions.Select(v => v.Language));

            if (Paper.PriorityArea.Length > 0)
            {
                var approved = await apis.ConceptPapers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest
                { PriorityArea = Paper.PriorityArea, Status = PolicyDocumentStatus.Approved, PageSize = 100 }, cancellationToken: ct);
                foreach (var d in approved.PolicyDocuments.Where(d => d.Name != Paper.Name && d.CurrentRevision is not null).Reverse())
                    Bases.Add((d.CurrentRevision.Name, d, d.CurrentRevision.Number, true));
            }
            for (var n = current.Number - 1; n >= 1; n--) Bases.Add(($"{Paper.Name}/revisions/{n}", Paper, n, false));

            Base = Bases.FirstOrDefault(b => b.Revision == @base) is { Document: not null } chosen ? chosen
                : Bases.Count > 0 && Paper.Status is PolicyDocumentStatus.Draft or PolicyDocumentStatus.Submitted ? Bases[0]
                : Bases.FirstOrDefault(b => b.Document.Name == Paper.Name) is { Document: not null } earlier ? earlier : null;
            if (Base is not { } from) return;

            var language = lang is { Length: > 0 } && Languages.Contains(lang) ? lang : Languages.Contains(Language) ? Language : "";
            Diff = await apis.ConceptPapers.DiffRevisionsAsync(new DiffRevisionsRequest
            {
                Name = Paper.Name, ToRevision = current.Number, FromRevision = from.Number, Language = language,
                FromDocument = from.Document.Name == Paper.Name ? "" : from.Document.Name,
            }, cancellationToken: ct);
        }
        catch (RpcException ex)
        {
            Show(ex);
        }
    }

    /// <summary>How a base is offered: "Approved: title (revision 1)" or "Revision 2 of this document".</summary>
    public string Label((string Revision, PolicyDocument Document, int Number, bool Approved) b) =>
        b.Approved ? $"{T("approvedPaper")}: {L(b.Document.Title)} ({T("revision")} {b.Number})" : $"{T("revision")} {b.Number} ({T("thisDocument")})";

    /// <summary>An id for a section's heading.</summary>
    public static string Anchor(int index) => "s-" + index;
}

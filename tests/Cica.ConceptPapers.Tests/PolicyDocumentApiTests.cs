using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// The API end to end on the seeded platform: approved text stays as approved, edits make revisions
/// that can be compared, and each bad request is refused with its status, changing nothing.
/// </summary>
public sealed class PolicyDocumentApiTests(PapersPlatform platform) : IClassFixture<PapersPlatform>
{
    private const string Corridors = "priorityAreas/economic-5"; // Azerbaijan coordinates it, open-ended
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ConceptPapersService.ConceptPapersServiceClient Papers => platform.Papers;

    // The read model fills from CBM's seed events shortly after the start.
    private Task<CreatePolicyDocumentResponse> CreateAsync(CreatePolicyDocumentRequest request, Metadata caller) =>
        Arrival.SucceedsAsync(() => Papers.CreatePolicyDocumentAsync(request, caller).ResponseAsync, Patience);

    [Fact]
    public async Task Approved_text_cannot_be_altered_through_the_API()
    {
        var ict = await platform.SeededAsync("Concept Paper and plan of implementation");
        var before = await platform.SnapshotAsync();

        var refusal = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "REVISION_APPROVED", () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = ict.Name, Etag = ict.Etag, Content = Tests.Papers.Content("Altered title", "Altered text."),
        }, Callers.Secretariat).ResponseAsync);
        Assert.Equal(ict.CurrentRevision.Name, refusal.Metadata["revision"]);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ALREADY_APPROVED", () => Papers.ApprovePolicyDocumentAsync(new ApprovePolicyDocumentRequest
        {
            Name = ict.Name, Decision = Tests.Papers.Soc(2022, 10, 12),
        }, Callers.Secretariat).ResponseAsync);

        await platform.AssertUnchangedAsync(before);
        Assert.Equal(ict.CurrentRevision, (await Papers.GetRevisionAsync(new GetRevisionRequest { Name = ict.CurrentRevision.Name })).Revision);
    }

    [Fact]
    public async Task A_coordinator_drafts_edits_and_submits_and_the_Secretariat_approves_citing_the_decision()
    {
        var draft = (await CreateAsync(Tests.Papers.Draft(Corridors), Callers.MemberState("AZE"))).PolicyDocument;
        Assert.Equal((PolicyDocumentStatus.Draft, "AZE"), (draft.Status, draft.ProposingCountry));

        var content = Tests.Papers.Content("Concept Paper on Trade Facilitation", "Exchange of best practices.", "Концепция", "Обмен опытом.");
        content.Versions[0].Body.Sections[0].Blocks.Add(new Block { Kind = BlockKind.NumberedItem, Label = "1.", Text = "Paperless trade." });
        content.Versions[0].Body.Sections.Add(new Section { Heading = "II. Principles", Blocks = { new Block { Kind = BlockKind.Paragraph, Text = "Consensus." } } });
        var edited = (await Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest { Name = draft.Name, Etag = draft.Etag, Content = content },
            Callers.MemberState("AZE"))).PolicyDocument;
        Assert.Equal((2, "Концепция"), (edited.CurrentRevision.Number, edited.Title.Ru));

        var diff = await Papers.DiffRevisionsAsync(new DiffRevisionsRequest { Name = draft.Name, FromRevision = 1, ToRevision = 2 });
        Assert.Equal("en", diff.Language);
        Assert.Equal([("I. Objectives", SectionChange.Modified), ("II. Principles", SectionChange.Added)], diff.Sections.Select(s => (s.Heading, s.Change)));
        Assert.Equal(["Paperless trade."], diff.Sections[0].AddedBlocks.Select(b => b.Text));
        var russian = await Papers.DiffRevisionsAsync(new DiffRevisionsRequest { Name = draft.Name, FromRevision = 1, ToRevision = 2, Language = "ru" });
        Assert.Equal([SectionChange.Added], russian.Sections.Select(s => s.Change)); // revision 1 had no Russian version

        var submitted = (await Papers.SubmitPolicyDocumentAsync(new SubmitPolicyDocumentRequest { Name = draft.Name, Etag = edited.Etag }, Callers.MemberState("AZE"))).PolicyDocument;
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "SECRETARIAT_ONLY", () => Papers.ApprovePolicyDocumentAsync(new ApprovePolicyDocumentRequest
        {
            Name = draft.Name, Decision = Tests.Papers.Soc(2024, 3, 1),
        }, Callers.MemberState("AZE")).ResponseAsync);
        var approved = (await Papers.ApprovePolicyDocumentAsync(new ApprovePolicyDocumentRequest
        {
            Name = draft.Name, Decision = Tests.Papers.Soc(2024, 3, 1), Revision = 2,
        }, Callers.Secretariat)).PolicyDocument;
        Assert.Equal((PolicyDocumentStatus.Approved, true, 2), (approved.Status, approved.CurrentRevision.Approved, approved.CurrentRevision.Number));
        Assert.NotEqual(submitted.Etag, approved.Etag);
        Assert.False((await Papers.GetRevisionAsync(new GetRevisionRequest { Name = $"{draft.Name}/revisions/1" })).Revision.Approved);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_its_status_and_nothing_changes()
    {
        var aze = Callers.MemberState("AZE");
        var draft = (await CreateAsync(Tests.Papers.Draft(Corridors), aze)).PolicyDocument;
        var before = await platform.SnapshotAsync();

        // A well-formed area CBM never announced: NOT_FOUND; a malformed name: INVALID_ARGUMENT.
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft("priorityAreas/economic-42"), Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("priority_area", () => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft("areas/economic-5"), aze).ResponseAsync);
        // An empty title.
        await RpcAssert.InvalidField("content.versions[0].title", () => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Corridors, title: ""), aze).ResponseAsync);
        // A language tag other than en, ru, kk.
        var french = Tests.Papers.Draft(Corridors);
        french.Content.Versions[0].Language = "fr";
        await RpcAssert.InvalidField("content.versions[0].language", () => Papers.CreatePolicyDocumentAsync(french, aze).ResponseAsync);
        // A body over 200,000 characters.
        var oversized = Tests.Papers.Content("Title", new string('x', 200_001));
        await RpcAssert.InvalidField("content.versions[0].body", () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = draft.Etag, Content = oversized,
        }, aze).ResponseAsync);
        // A stale etag.
        await RpcAssert.FailsWith(StatusCode.Aborted, () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = "\"v0\"", Content = Tests.Papers.Content("Title", "Text."),
        }, aze).ResponseAsync);
        // A country that does not coordinate the area; a document that does not exist.
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_COORDINATOR", () => Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
        {
            Name = draft.Name, Etag = draft.Etag, Content = Tests.Papers.Content("Title", "Text."),
        }, Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Papers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = "policyDocuments/999" }).ResponseAsync);
        await RpcAssert.InvalidField("query", () => Papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = " ; " }).ResponseAsync);
        await RpcAssert.InvalidField("language", () => Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { Language = "english" }).ResponseAsync);

        await platform.AssertUnchangedAsync(before);
    }
}

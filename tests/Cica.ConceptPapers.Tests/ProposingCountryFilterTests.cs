using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// ListPolicyDocuments' proposing_country filter over a real socket on the seeded platform (AZE,
/// UZB and RUS each proposed one seeded paper): one country's papers and no other's, combined
/// with the other filters, paged, and refused when the code or the page token does not fit.
/// </summary>
public sealed class ProposingCountryFilterTests(PapersPlatform platform) : IClassFixture<PapersPlatform>
{
    private const string Corridors = "priorityAreas/economic-5"; // Azerbaijan coordinates it, open-ended

    private ConceptPapersService.ConceptPapersServiceClient Papers => platform.Papers;

    // Two AZE drafts beside the seeded AZE paper, and one the Secretariat records for KAZ. The read
    // model fills from CBM's seed events shortly after the start.
    private async Task<(PolicyDocument First, PolicyDocument Second, PolicyDocument Kazakh)> DraftsAsync()
    {
        var aze = Callers.MemberState("AZE");
        var first = (await Arrival.SucceedsAsync(() => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Corridors), aze).ResponseAsync,
            TimeSpan.FromSeconds(30))).PolicyDocument;
        var second = (await Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Corridors, title: "Concept Paper on Transit"), aze)).PolicyDocument;
        var forKaz = Tests.Papers.Draft(Corridors, title: "Concept Paper on Dry Ports");
        forKaz.ProposingCountry = "KAZ";
        var kazakh = (await Papers.CreatePolicyDocumentAsync(forKaz, Callers.Secretariat)).PolicyDocument;
        return (first, second, kazakh);
    }

    private async Task<List<PolicyDocument>> AllPagesAsync(ListPolicyDocumentsRequest request)
    {
        var documents = new List<PolicyDocument>();
        do
        {
            var page = await Papers.ListPolicyDocumentsAsync(request);
            documents.AddRange(page.PolicyDocuments);
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);
        return documents;
    }

    [Fact]
    public async Task A_country_sees_its_own_papers_alone_combined_with_other_filters_and_page_by_page()
    {
        var (first, second, kazakh) = await DraftsAsync();
        var everything = await AllPagesAsync(new ListPolicyDocumentsRequest { PageSize = 100 });

        // The tests of this class share one platform: each adds its drafts, so counts are read from the whole list.
        IEnumerable<string> Proposed(string country, PolicyDocumentStatus status = PolicyDocumentStatus.Unspecified) =>
            everything.Where(d => d.ProposingCountry == country && (status == PolicyDocumentStatus.Unspecified || d.Status == status)).Select(d => d.Name);

        var azerbaijan = (await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "AZE" })).PolicyDocuments;
        Assert.Equal(Proposed("AZE"), azerbaijan.Select(d => d.Name));
        Assert.Contains(azerbaijan, d => d.Status == PolicyDocumentStatus.Approved); // the seeded Transport Corridors paper
        Assert.Superset(new HashSet<string> { first.Name, second.Name }, azerbaijan.Select(d => d.Name).ToHashSet());
        var kazakhstan = (await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "KAZ" })).PolicyDocuments;
        Assert.Equal(Proposed("KAZ"), kazakhstan.Select(d => d.Name));
        Assert.Contains(kazakh.Name, kazakhstan.Select(d => d.Name));
        Assert.Equal(["UZB"], (await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "UZB" })).PolicyDocuments.Select(d => d.ProposingCountry));
        var china = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "CHN" });
        Assert.Empty(china.PolicyDocuments);
        Assert.Equal("", china.NextPageToken);

        // AND with the status: AZE's drafts, not its approved paper nor KAZ's draft.
        var drafts = (await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "AZE", Status = PolicyDocumentStatus.Draft })).PolicyDocuments;
        Assert.Equal(Proposed("AZE", PolicyDocumentStatus.Draft), drafts.Select(d => d.Name));
        Assert.Equal(azerbaijan.Count - 1, drafts.Count);
        // AND with the area: UZB's paper is of another area.
        Assert.Empty((await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "UZB", PriorityArea = Corridors })).PolicyDocuments);

        // One document a page: the same documents, each once, in order, and a token on every page but the last.
        var pages = new List<ListPolicyDocumentsResponse>();
        var request = new ListPolicyDocumentsRequest { ProposingCountry = "AZE", PageSize = 1 };
        do
        {
            pages.Add(await Papers.ListPolicyDocumentsAsync(request));
            request.PageToken = pages[^1].NextPageToken;
        } while (request.PageToken.Length > 0);
        Assert.Equal(Enumerable.Repeat(1, azerbaijan.Count), pages.Select(p => p.PolicyDocuments.Count));
        Assert.Equal(azerbaijan.Select(d => d.Name), pages.SelectMany(p => p.PolicyDocuments).Select(d => d.Name));
    }

    [Fact]
    public async Task A_page_token_made_under_another_filter_is_refused()
    {
        await DraftsAsync();
        var azerbaijan = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "AZE", PageSize = 1 });
        Assert.NotEqual("", azerbaijan.NextPageToken);
        var unfiltered = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = 1 });
        Assert.NotEqual("", unfiltered.NextPageToken);

        // AZE's token under another country, or under none; and an unfiltered list's token under AZE.
        await RpcAssert.InvalidField("page_token", () => Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest
        {
            ProposingCountry = "KAZ", PageSize = 1, PageToken = azerbaijan.NextPageToken,
        }).ResponseAsync);
        await RpcAssert.InvalidField("page_token", () => Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest
        {
            PageSize = 1, PageToken = azerbaijan.NextPageToken,
        }).ResponseAsync);
        await RpcAssert.InvalidField("page_token", () => Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest
        {
            ProposingCountry = "AZE", PageSize = 1, PageToken = unfiltered.NextPageToken,
        }).ResponseAsync);
        // The same filter continues.
        var next = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = "AZE", PageSize = 1, PageToken = azerbaijan.NextPageToken });
        Assert.Equal(["AZE"], next.PolicyDocuments.Select(d => d.ProposingCountry));
    }

    [Theory]
    [InlineData("kaz")]   // lower case
    [InlineData("KZ")]    // alpha-2
    [InlineData("KAZX")]
    [InlineData("XYZ")]   // well-formed, but no country has it
    public async Task A_code_that_is_not_a_countrys_is_refused_naming_the_field(string code)
    {
        var refusal = await RpcAssert.InvalidField("proposing_country", () =>
            Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { ProposingCountry = code }).ResponseAsync);
        Assert.Equal(["proposing_country"], RpcAssert.Fields(refusal));
    }
}

using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// Search as a reader meets it, over gRPC on the seeded platform: the passage most about the words
/// comes first, a rare word counts for more than a common one, and after many revisions each paper is
/// found by its current text, once, and by nothing it no longer says. The words are made up, so the
/// seed's papers hold none of them.
/// </summary>
public sealed class SearchRankingTests(PapersPlatform platform) : IClassFixture<PapersPlatform>
{
    private const string Corridors = "priorityAreas/economic-5"; // Azerbaijan coordinates it, open-ended
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private ConceptPapersService.ConceptPapersServiceClient Papers => platform.Papers;

    [Fact]
    public async Task The_passage_most_about_the_words_comes_first_and_a_rare_word_outweighs_a_common_one()
    {
        // "zorvex" is common (in every paper below), "quillon" rare (in two).
        for (var i = 0; i < 8; i++) await CreateAsync($"Paper on Cooperation {i}", $"Regional zorvex measures and dialogue, part {i}.");
        var twoRare = await CreateAsync("Paper on Ports", "Quillon quillon zorvex harbours.");
        var twoCommon = await CreateAsync("Paper on Rails", "Quillon zorvex zorvex harbours."); // newer: would win a tie
        var onlyTheWord = await CreateAsync("Paper on Borders", "Zorvex, zorvex.");

        var common = await SearchAsync("zorvex");
        Assert.Equal(11, common.Count);
        Assert.Equal(onlyTheWord.Name, common[0].PolicyDocument); // as often as in "Rails", in fewer words
        Assert.Equal("Zorvex, zorvex.", common[0].Passage);
        Assert.True(common.Zip(common.Skip(1)).All(p => p.First.Score >= p.Second.Score), "results are not best first");

        var both = await SearchAsync("zorvex quillon");
        Assert.Equal([twoRare.Name, twoCommon.Name], both.Select(r => r.PolicyDocument));
        Assert.True(both[0].Score > both[1].Score, "the rare word twice should score above the common word twice");

        var phrase = await SearchAsync("\"quillon zorvex\"");
        Assert.Equal(new[] { twoRare.Name, twoCommon.Name }.Order(), phrase.Select(r => r.PolicyDocument).Order());
        Assert.Empty(await SearchAsync("\"zorvex quillon\""));
    }

    [Fact]
    public async Task After_many_revisions_each_paper_is_found_once_by_its_current_text_and_not_by_its_old()
    {
        var papers = new List<PolicyDocument>();
        for (var k = 0; k < 5; k++) papers.Add(await CreateAsync($"Paper on Harbours {k}", $"Harbourmaster exchange, version vimbra{k}r0."));
        const int Revisions = 6;
        for (var n = 1; n <= Revisions; n++)
            for (var k = 0; k < papers.Count; k++)
                papers[k] = (await Papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest
                {
                    Name = papers[k].Name, Etag = papers[k].Etag,
                    Content = Tests.Papers.Content($"Paper on Harbours {k}", $"Harbourmaster exchange, version vimbra{k}r{n}.",
                        $"Концепция о гаванях {k}", $"Обмен начальников гаваней, редакция вимбра{k}р{n}."),
                }, Callers.Secretariat)).PolicyDocument;

        var all = await SearchAsync("harbourmaster");
        Assert.Equal(papers.Select(p => p.Name).Order(), all.Select(r => r.PolicyDocument).Order()); // each once, none lost
        for (var k = 0; k < papers.Count; k++)
        {
            var current = Assert.Single(await SearchAsync($"vimbra{k}r{Revisions}"));
            Assert.Equal((papers[k].Name, $"Harbourmaster exchange, version vimbra{k}r{Revisions}.", "I. Objectives"),
                (current.PolicyDocument, current.Passage, current.SectionHeading));
            Assert.Empty(await SearchAsync($"vimbra{k}r{Revisions - 1}"));
            var russian = Assert.Single(await SearchAsync($"вимбра{k}р{Revisions} гаваней", "ru"));
            Assert.Equal((papers[k].Name, "ru", $"Концепция о гаванях {k}"), (russian.PolicyDocument, russian.Language, russian.Title));
            Assert.Empty(await SearchAsync($"вимбра{k}р{Revisions}", "en"));
        }
    }

    // The read model fills from CBM's seed events shortly after the start.
    private async Task<PolicyDocument> CreateAsync(string title, string paragraph) =>
        (await Arrival.SucceedsAsync(() => Papers.CreatePolicyDocumentAsync(Tests.Papers.Draft(Corridors, title, paragraph), Callers.Secretariat).ResponseAsync,
            Patience)).PolicyDocument;

    private async Task<IReadOnlyList<SearchResult>> SearchAsync(string query, string language = "") =>
        (await Papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = query, Language = language, PageSize = 50 })).Results;
}

using Cica.ConceptPapers.Api;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Errors;

namespace Cica.ConceptPapers.Tests.Rules;

/// <summary>ListPolicyDocuments' filters as read from a request, and the fingerprint its page tokens carry.</summary>
public sealed class DocumentListFilterTests
{
    private static IReadOnlyList<string> Fields(ListPolicyDocumentsRequest request)
    {
        try
        {
            DocumentListFilters.Read(request);
            return [];
        }
        catch (InvalidRequestException ex)
        {
            return [.. ex.Violations.Select(v => v.Field)];
        }
    }

    [Fact]
    public void A_proposing_country_is_read_as_given_and_empty_means_any()
    {
        Assert.Equal("KAZ", DocumentListFilters.Read(new ListPolicyDocumentsRequest { ProposingCountry = "KAZ" }).ProposingCountry);
        Assert.Null(DocumentListFilters.Read(new ListPolicyDocumentsRequest()).ProposingCountry);
    }

    [Theory]
    [InlineData("kaz")]
    [InlineData("KZ")]
    [InlineData("KAZX")]
    [InlineData("K4Z")]
    [InlineData("XYZ")] // three letters, but no country's
    public void A_code_that_is_not_an_ISO_3166_alpha_3_country_is_refused(string code) =>
        Assert.Equal(["proposing_country"], Fields(new ListPolicyDocumentsRequest { ProposingCountry = code }));

    [Fact]
    public void Every_malformed_filter_is_named_at_once() =>
        Assert.Equal(["priority_area", "language", "proposing_country"],
            Fields(new ListPolicyDocumentsRequest { PriorityArea = "areas/x", Language = "fr", ProposingCountry = "kz" }));

    [Fact]
    public void The_page_token_fingerprint_differs_by_proposing_country()
    {
        string Of(string country) => DocumentListFilters.Fingerprint(DocumentListFilters.Read(new ListPolicyDocumentsRequest
        {
            PriorityArea = "priorityAreas/economic-5", Language = "en", ProposingCountry = country,
        }));
        Assert.Equal(3, new[] { Of(""), Of("KAZ"), Of("AZE") }.Distinct().Count());
        Assert.Equal(Of("KAZ"), Of("KAZ"));
    }

    [Fact]
    public void Without_a_proposing_country_the_fingerprint_is_the_one_tokens_carried_before_the_filter_existed() =>
        // "area|status|period first|period last|kind|language", as the service wrote it before.
        Assert.Equal($"economic-5|{(int)PolicyDocumentStatus.Approved}|2023-01-01|2023-12-31|{(int)PolicyDocumentKind.ConceptPaper}|", DocumentListFilters.Fingerprint(DocumentListFilters.Read(new ListPolicyDocumentsRequest
        {
            PriorityArea = "priorityAreas/economic-5", Status = PolicyDocumentStatus.Approved, Kind = PolicyDocumentKind.ConceptPaper,
            Period = new Contracts.Common.V1.Period { Start = new Contracts.Common.V1.CalendarDate { Year = 2023 } },
        })));
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cica.Testing;

namespace Cica.Gateway.Tests;

/// <summary>
/// Chairmanship's and Concept Papers' reads as JSON over plain HTTP/1.1 (gRPC JSON transcoding of
/// their google.api.http rules), with a bearer token, on the seeded platform in one process; and
/// the OpenAPI document listing them.
/// </summary>
public sealed class RestReadsTests : IAsyncLifetime
{
    private const string Soc = "meetings/soc-2022-10";
    private readonly TempDirectory _data = new();
    private PlatformHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await PlatformHost.StartAsync(_data.Path);
        _http = new HttpClient { BaseAddress = _host.RestAddress ?? throw new InvalidOperationException("no REST endpoint"), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.For("observer"));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    [Fact]
    public async Task The_seeded_SOC_meeting_and_its_decisions_are_read_as_JSON()
    {
        var meeting = (await GetAsync("/v1/" + Soc)).GetProperty("meeting");
        Assert.Equal((Soc, "KAZ"), (meeting.GetProperty("name").GetString(), meeting.GetProperty("hostCountry").GetString()));

        // Its ten items (item 5 holds two drafts), from the list of decisions.
        var decisions = (await GetAsync("/v1/decisions?pageSize=100")).GetProperty("decisions").EnumerateArray()
            .Where(d => d.GetProperty("meeting").GetString() == Soc).ToList();
        Assert.Equal(Enumerable.Range(1, 10), decisions.Select(d => d.GetProperty("item").GetInt32()).Distinct().Order());
        Assert.Equal(["decisions/sum-2022-draft-7", "decisions/sum-2022-draft-8"],
            decisions.Where(d => d.GetProperty("item").GetInt32() == 5).Select(d => d.GetProperty("name").GetString()).Order());

        var decision = (await GetAsync("/v1/decisions/sum-2022-draft-8")).GetProperty("decision");
        Assert.Equal((Soc, 5), (decision.GetProperty("meeting").GetString(), decision.GetProperty("item").GetInt32()));

        // A message in the query string, field by field: Kazakhstan chaired on the meeting's first day.
        var chair = (await GetAsync("/v1/chair?asOf.year=2022&asOf.month=10&asOf.day=10")).GetProperty("term");
        Assert.Equal("KAZ", chair.GetProperty("countryCode").GetString());
        Assert.Contains("chairmanshipTerms/KAZ-2020", (await GetAsync("/v1/chairmanshipTerms")).GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_seeded_policy_document_its_revision_a_search_and_the_initiatives_are_read_as_JSON()
    {
        var documents = (await GetAsync("/v1/policyDocuments?kind=POLICY_DOCUMENT_KIND_PLAN_OF_ACTION")).GetProperty("policyDocuments");
        var name = Assert.Single(documents.EnumerateArray()).GetProperty("name").GetString()!;
        Assert.Equal("policyDocuments/4", name); // the fourth recorded, as the README shows it

        var plan = (await GetAsync("/v1/" + name)).GetProperty("policyDocument");
        Assert.Equal("SUM/2022/DRAFT/6", plan.GetProperty("documentSymbol").GetProperty("value").GetString());
        Assert.Equal("POLICY_DOCUMENT_STATUS_SUBMITTED", plan.GetProperty("status").GetString());
        var english = plan.GetProperty("currentRevision").GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("language").GetString() == "en");
        Assert.Equal(5, english.GetProperty("body").GetProperty("sections").GetArrayLength()); // the preamble and four pillars

        var revision = (await GetAsync($"/v1/{name}/revisions/1")).GetProperty("revision");
        Assert.Equal(($"{name}/revisions/1", 1), (revision.GetProperty("name").GetString(), revision.GetProperty("number").GetInt32()));
        var diff = await GetAsync($"/v1/{name}:diffRevisions?fromRevision=1&toRevision=1");
        Assert.All(diff.GetProperty("sections").EnumerateArray(), s => Assert.Equal("SECTION_CHANGE_UNCHANGED", s.GetProperty("change").GetString()));

        var found = (await GetAsync("/v1/policyDocuments:search?query=%22foreign%20terrorist%20fighters%22")).GetProperty("results");
        Assert.Equal(name, found[0].GetProperty("policyDocument").GetString());
        Assert.Equal(3, (await GetAsync("/v1/initiatives")).GetProperty("initiatives").GetArrayLength()); // the ICT paper's three
    }

    [Fact]
    public async Task Without_a_bearer_token_a_read_is_refused_and_the_OpenAPI_document_lists_the_new_paths()
    {
        using (var anonymous = new HttpClient { BaseAddress = _http.BaseAddress })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/decisions")).StatusCode);

        var paths = (await _http.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json")).GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/v1/chair", "/v1/chairmanshipTerms", "/v1/meetings", "/v1/meetings/{name}", "/v1/decisions", "/v1/decisions/{name}",
                     "/v1/silenceProcedures/{name}", "/v1/policyDocuments", "/v1/policyDocuments/{name}", "/v1/policyDocuments:search",
                     "/v1/policyDocuments/{name}:diffRevisions", "/v1/initiatives",
                 })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} not in {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        // A nested name: the parent's id is a parameter of its own in the document.
        var revision = paths.GetProperty("/v1/policyDocuments/{policyDocument}/revisions/{name}").GetProperty("get").GetProperty("parameters");
        Assert.Equal(["name", "policyDocument"], revision.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()).Order());
    }
}

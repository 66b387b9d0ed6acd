using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// The whole platform, seeded, in one process (SQLite, in-memory bus): as a class fixture, shared by
/// the tests of one class (xunit runs them one after another), on a clock inside the seed's period.
/// </summary>
public sealed class PapersPlatform : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cica-papers-test");

    /// <summary>The running platform.</summary>
    public PlatformHost Host { get; private set; } = null!;

    /// <summary>A client of the Concept Papers service.</summary>
    public ConceptPapersService.ConceptPapersServiceClient Papers => Host.Client<ConceptPapersService.ConceptPapersServiceClient>();

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        Host = await PlatformHost.StartAsync(_data.Path, overrideServices: s => s.AddSingleton<TimeProvider>(new SeedPeriodClock()));

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>Every document with its current revision, and every initiative: what a write could change.</summary>
    public async Task<(IReadOnlyList<PolicyDocument> Documents, IReadOnlyList<Initiative> Initiatives)> SnapshotAsync()
    {
        var documents = new List<PolicyDocument>();
        var token = "";
        do
        {
            var page = await Papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = 2, PageToken = token });
            documents.AddRange(page.PolicyDocuments);
            token = page.NextPageToken;
        } while (token.Length > 0);
        var initiatives = new List<Initiative>();
        do
        {
            var page = await Papers.ListInitiativesAsync(new ListInitiativesRequest { PageSize = 2, PageToken = token });
            initiatives.AddRange(page.Initiatives);
            token = page.NextPageToken;
        } while (token.Length > 0);
        return (documents, initiatives);
    }

    /// <summary>Asserts that nothing changed since <paramref name="before"/>.</summary>
    public async Task AssertUnchangedAsync((IReadOnlyList<PolicyDocument> Documents, IReadOnlyList<Initiative> Initiatives) before)
    {
        var after = await SnapshotAsync();
        Assert.Equal(before.Documents, after.Documents);
        Assert.Equal(before.Initiatives, after.Initiatives);
    }

    /// <summary>The seeded document whose English title starts with <paramref name="prefix"/>.</summary>
    public async Task<PolicyDocument> SeededAsync(string prefix) =>
        (await SnapshotAsync()).Documents.Single(d => d.Title.En.StartsWith(prefix, StringComparison.Ordinal));
}

using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Membership.Tests;

/// <summary>
/// Refusals of the accession procedure that had no end-to-end test: each answers with its ErrorInfo
/// reason and leaves the application as it was (read before and after).
/// </summary>
public sealed class AccessionRuleBranchTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private PlatformHost _host = null!;
    private MembershipService.MembershipServiceClient Membership => _host.Client<MembershipService.MembershipServiceClient>();

    public async Task InitializeAsync() => _host = await PlatformHost.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task Recommending_an_application_that_is_already_recommended_is_NOT_SUBMITTED_and_changes_nothing()
    {
        const string kuwait = "accessionApplications/KWT-2022"; // recommended by the SOC on 11 October 2022 (seed)
        var before = await ReadAsync(kuwait);
        Assert.Equal(AccessionApplicationState.Recommended, before.State);

        var info = await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_SUBMITTED", () => Membership.RecommendAccessionAsync(
            new RecommendAccessionRequest { Name = kuwait, Decision = Decisions.Soc(2023, 6, 15), Etag = before.Etag }, Callers.Secretariat).ResponseAsync);

        Assert.Equal(AccessionApplicationState.Recommended.ToString(), info.Metadata["state"]);
        Assert.Equal(before, await ReadAsync(kuwait));
        Assert.Equal([kuwait], await ApplicationNamesAsync());
    }

    [Fact]
    public async Task Recommending_with_a_stale_etag_is_ABORTED_and_changes_nothing()
    {
        var submitted = (await Membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
        {
            CountryCode = "TKM", SubmittedOn = Decisions.Day(2023, 3, 1),
        }, Callers.Secretariat)).AccessionApplication;
        var recommended = (await Membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = submitted.Name, Decision = Decisions.Soc(2023, 6, 15), Etag = submitted.Etag,
        }, Callers.Secretariat)).AccessionApplication;
        var before = await ReadAsync(submitted.Name);
        Assert.Equal(recommended, before);

        // A second recommendation from a client that still holds the etag it read before the first.
        var info = await RpcAssert.FailsWithReason(StatusCode.Aborted, "ETAG_MISMATCH", () => Membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = submitted.Name, Decision = Decisions.Soc(2023, 7, 1, item: 2), Etag = submitted.Etag,
        }, Callers.Secretariat).ResponseAsync);

        Assert.Equal(submitted.Name, info.Metadata["resource"]);
        Assert.Equal(before, await ReadAsync(submitted.Name));
    }

    private async Task<AccessionApplication> ReadAsync(string name) =>
        (await Membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = name })).AccessionApplication;

    private async Task<IReadOnlyList<string>> ApplicationNamesAsync() =>
        [.. (await Membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = 100 })).AccessionApplications.Select(a => a.Name)];
}

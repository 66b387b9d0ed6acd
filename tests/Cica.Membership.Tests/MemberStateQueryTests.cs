using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Membership.Tests;

/// <summary>Reading member states: by name, by page, by year of accession and as of a date.</summary>
public sealed class MemberStateQueryTests(SeededPlatform platform) : IClassFixture<SeededPlatform>
{
    private MembershipService.MembershipServiceClient Membership => platform.Membership;

    [Fact]
    public async Task Pages_follow_one_another_in_code_order_until_the_last()
    {
        var codes = new List<string>();
        var sizes = new List<int>();
        var request = new ListMemberStatesRequest { PageSize = 10 };
        do
        {
            var page = await Membership.ListMemberStatesAsync(request);
            sizes.Add(page.MemberStates.Count);
            codes.AddRange(page.MemberStates.Select(m => m.CountryCode));
            request.PageToken = page.NextPageToken;
        } while (request.PageToken.Length > 0);

        Assert.Equal([10, 10, 7], sizes);
        Assert.Equal(codes.Order(), codes);
        Assert.Equal(27, codes.Distinct().Count());
    }

    [Fact]
    public async Task Filters_by_year_of_accession_and_by_membership_on_a_date()
    {
        var founders = await Membership.ListMemberStatesAsync(new ListMemberStatesRequest { AccessionYear = 1999 });
        Assert.Equal(15, founders.MemberStates.Count);

        var in2005 = await Membership.ListMemberStatesAsync(new ListMemberStatesRequest { AsOf = Decisions.Day(2005, 1, 1) });
        Assert.Equal(17, in2005.MemberStates.Count); // the 15 founders, Mongolia (2002), Thailand (2004)
        Assert.Contains(in2005.MemberStates, m => m.CountryCode == "THA");
        Assert.DoesNotContain(in2005.MemberStates, m => m.CountryCode == "KOR");
    }

    [Theory]
    [InlineData("memberStates/kaz")]
    [InlineData("memberStates/")]
    [InlineData("KAZ")]
    [InlineData("memberStates/KAZ/extra")]
    public async Task A_malformed_name_is_invalid(string name) =>
        await RpcAssert.InvalidField("name", () => Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = name }).ResponseAsync);

    [Fact]
    public async Task A_state_that_is_not_a_member_is_not_found() =>
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/JPN" }).ResponseAsync);

    [Fact]
    public async Task Bad_paging_and_filters_name_the_field()
    {
        await RpcAssert.InvalidField("page_size", () => Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = -1 }).ResponseAsync);
        await RpcAssert.InvalidField("page_token", () => Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageToken = "not-a-token" }).ResponseAsync);
        await RpcAssert.InvalidField("as_of", () => Membership.ListMemberStatesAsync(new ListMemberStatesRequest { AsOf = Decisions.Day(2022, 2, 30) }).ResponseAsync);
        await RpcAssert.InvalidField("as_of", () => Membership.ListMemberStatesAsync(new ListMemberStatesRequest { AsOf = new() { Year = 2022 } }).ResponseAsync);

        var first = await Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 5 });
        await RpcAssert.InvalidField("page_token", () => Membership.ListMemberStatesAsync(
            new ListMemberStatesRequest { PageSize = 5, PageToken = first.NextPageToken, AccessionYear = 1999 }).ResponseAsync);
    }

    [Fact]
    public async Task Applications_can_be_listed_by_state()
    {
        var recommended = await Membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { State = AccessionApplicationState.Recommended });
        Assert.Equal(["accessionApplications/KWT-2022"], recommended.AccessionApplications.Select(a => a.Name));
        var admitted = await Membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { State = AccessionApplicationState.Admitted });
        Assert.Empty(admitted.AccessionApplications);
    }
}

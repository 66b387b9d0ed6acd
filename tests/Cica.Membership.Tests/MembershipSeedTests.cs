using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Membership.Tests;

/// <summary>The platform starts with membership as it stood on 11 October 2022.</summary>
public sealed class MembershipSeedTests(SeededPlatform platform) : IClassFixture<SeededPlatform>
{
    // The list: year of accession → members.
    private static readonly Dictionary<string, int> ExpectedMembers = new()
    {
        ["AFG"] = 1999, ["AZE"] = 1999, ["CHN"] = 1999, ["EGY"] = 1999, ["IND"] = 1999, ["IRN"] = 1999, ["ISR"] = 1999,
        ["KAZ"] = 1999, ["KGZ"] = 1999, ["PAK"] = 1999, ["PSE"] = 1999, ["RUS"] = 1999, ["TJK"] = 1999, ["TUR"] = 1999,
        ["UZB"] = 1999, ["MNG"] = 2002, ["THA"] = 2004, ["KOR"] = 2006, ["JOR"] = 2008, ["ARE"] = 2008, ["IRQ"] = 2010,
        ["VNM"] = 2010, ["BHR"] = 2011, ["KHM"] = 2011, ["BGD"] = 2014, ["QAT"] = 2014, ["LKA"] = 2018,
    };

    [Fact]
    public async Task The_27_member_states_are_there_with_their_years_of_accession()
    {
        var response = await platform.Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100 });

        Assert.Equal(ExpectedMembers.Keys.Order(), response.MemberStates.Select(m => m.CountryCode));
        foreach (var member in response.MemberStates)
        {
            Assert.Equal(ExpectedMembers[member.CountryCode], member.AccessionDate.Year);
            Assert.Equal("memberStates/" + member.CountryCode, member.Name);
            Assert.False(string.IsNullOrWhiteSpace(member.DisplayName.En) || string.IsNullOrWhiteSpace(member.DisplayName.Ru) || string.IsNullOrWhiteSpace(member.DisplayName.Kk),
                $"{member.CountryCode} lacks a name in en/ru/kk");
        }
        Assert.Empty(response.NextPageToken);
    }

    [Fact]
    public async Task Names_are_given_in_English_Russian_and_Kazakh_as_CICA_writes_them()
    {
        var kaz = (await platform.Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KAZ" })).MemberState;
        Assert.Equal(new LocalizedText { En = "Kazakhstan", Ru = "Казахстан", Kk = "Қазақстан" }, kaz.DisplayName);
        var tur = (await platform.Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/TUR" })).MemberState;
        Assert.Equal("Türkiye", tur.DisplayName.En);
        var pse = (await platform.Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/PSE" })).MemberState;
        Assert.Equal("Palestine", pse.DisplayName.En);
    }

    [Fact]
    public async Task Kuwait_is_recommended_by_the_SOC_but_not_yet_a_member()
    {
        var application = (await platform.Membership.GetAccessionApplicationAsync(
            new GetAccessionApplicationRequest { Name = "accessionApplications/KWT-2022" })).AccessionApplication;

        Assert.Equal("KWT", application.CountryCode);
        Assert.Equal(AccessionApplicationState.Recommended, application.State);
        Assert.Equal(DecisionBody.SeniorOfficialsCommittee, application.Recommendation.Body);
        Assert.Equal(1, application.Recommendation.Item);
        Assert.Equal(new CalendarDate { Year = 2022, Month = 10, Day = 11 }, application.Recommendation.Date);
        Assert.Equal("SOC/DOC/1289", application.Recommendation.Document.Value);
        Assert.Null(application.Admission);

        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => platform.Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KWT" }).ResponseAsync);
    }

    [Fact]
    public async Task Observers_are_eight_states_and_five_organisations_none_of_them_members()
    {
        var observers = (await platform.Membership.ListObserversAsync(new ListObserversRequest { PageSize = 100 })).Observers;

        Assert.Equal(["BLR", "IDN", "JPN", "LAO", "MYS", "PHL", "UKR", "USA"],
            observers.Where(o => o.Kind == ObserverKind.State).Select(o => o.CountryCode).Order());
        Assert.Equal(["iom", "las", "osce", "turkpa", "un"],
            observers.Where(o => o.Kind == ObserverKind.Organization).Select(o => o.Name["observers/".Length..]).Order());
        Assert.All(observers, o => Assert.Equal(ParticipationStatus.Observer, o.Status));

        var organisations = await platform.Membership.ListObserversAsync(new ListObserversRequest { Kind = ObserverKind.Organization });
        Assert.Equal(5, organisations.Observers.Count);
        var partners = await platform.Membership.ListObserversAsync(new ListObserversRequest { Status = ParticipationStatus.Partner });
        Assert.Empty(partners.Observers);
        foreach (var state in observers.Where(o => o.Kind == ObserverKind.State))
            await RpcAssert.FailsWith(StatusCode.NotFound,
                () => platform.Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/" + state.CountryCode }).ResponseAsync);
    }
}

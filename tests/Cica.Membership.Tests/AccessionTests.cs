using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Membership.Tests;

/// <summary>The accession procedure: application, SOC recommendation, Summit admission, and its rules.</summary>
public sealed class AccessionTests : IAsyncLifetime
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
    public async Task A_state_applies_is_recommended_by_the_SOC_and_admitted_by_the_Summit()
    {
        var submitted = (await Membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
        {
            CountryCode = "TKM",
            SubmittedOn = Decisions.Day(2023, 3, 1),
        }, Callers.Secretariat)).AccessionApplication;
        Assert.Equal("accessionApplications/TKM-2023", submitted.Name);
        Assert.Equal(AccessionApplicationState.Submitted, submitted.State);
        Assert.Equal("Turkmenistan", submitted.DisplayName.En);
        Assert.Equal("Туркменистан", submitted.DisplayName.Ru); // the ISO 3166-1 name, absent a CICA spelling

        var recommended = (await Membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = submitted.Name, Decision = Decisions.Soc(2023, 6, 15), Etag = submitted.Etag,
        }, Callers.Secretariat)).AccessionApplication;
        Assert.Equal(AccessionApplicationState.Recommended, recommended.State);
        Assert.NotEqual(submitted.Etag, recommended.Etag);

        var admitted = await Membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = submitted.Name, Decision = Decisions.Summit(2024, 10, 1), Etag = recommended.Etag,
        }, Callers.Secretariat);
        Assert.Equal(AccessionApplicationState.Admitted, admitted.AccessionApplication.State);
        Assert.Equal(Decisions.Day(2024, 10, 1), admitted.MemberState.AccessionDate);
        Assert.Equal(submitted.Name, admitted.MemberState.AccessionApplication);

        var member = await Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/TKM" });
        Assert.Equal(DecisionBody.Summit, member.MemberState.AccessionDecision.Body);
        var before = await Membership.ListMemberStatesAsync(new ListMemberStatesRequest { AsOf = Decisions.Day(2024, 9, 30), PageSize = 100 });
        Assert.DoesNotContain(before.MemberStates, m => m.CountryCode == "TKM");
    }

    [Fact]
    public async Task Kuwait_recommended_in_October_2022_is_admitted_by_the_Summit()
    {
        var response = await Membership.AdmitMemberStateAsync(new AdmitMemberStateRequest
        {
            Name = "accessionApplications/KWT-2022", Decision = Decisions.Summit(2022, 10, 13),
        }, Callers.Secretariat);

        Assert.Equal("Kuwait", response.MemberState.DisplayName.En);
        var members = await Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100 });
        Assert.Equal(28, members.MemberStates.Count);
    }

    [Theory]
    [InlineData("kw", "is not an ISO 3166-1 alpha-3 code")]
    [InlineData("KW", "is not an ISO 3166-1 alpha-3 code")]
    [InlineData("XXX", "no country has the ISO 3166-1 alpha-3 code")]
    [InlineData("", "is required")]
    public async Task An_unknown_or_malformed_country_code_is_invalid_and_changes_nothing(string code, string why)
    {
        var ex = await RpcAssert.InvalidField("country_code", () => Membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = code, SubmittedOn = Decisions.Day(2023, 1, 1) }, Callers.Secretariat).ResponseAsync);
        Assert.Contains(why, ex.Status.Detail);
        await AssertApplicationsAre(["accessionApplications/KWT-2022"]);
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once()
    {
        var ex = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => Membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = "xx", SubmittedOn = new CalendarDate { Year = 2023, Month = 13 }, RequestId = new string('r', 65) },
            Callers.Secretariat).ResponseAsync);
        Assert.Equal(["country_code", "submitted_on", "request_id"], RpcAssert.Fields(ex));
    }

    [Fact]
    public async Task A_member_cannot_apply_and_an_applicant_cannot_apply_twice()
    {
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ALREADY_MEMBER", () => Membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = "KAZ", SubmittedOn = Decisions.Day(2023, 1, 1) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "APPLICATION_OPEN", () => Membership.SubmitAccessionApplicationAsync(
            new SubmitAccessionApplicationRequest { CountryCode = "KWT", SubmittedOn = Decisions.Day(2023, 1, 1) }, Callers.Secretariat).ResponseAsync);
        await AssertApplicationsAre(["accessionApplications/KWT-2022"]);
    }

    [Fact]
    public async Task The_Summit_cannot_admit_a_state_the_SOC_has_not_recommended()
    {
        var submitted = await Submit("MYS");
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_RECOMMENDED", () => Membership.AdmitMemberStateAsync(
            new AdmitMemberStateRequest { Name = submitted.Name, Decision = Decisions.Summit(2024, 1, 1) }, Callers.Secretariat).ResponseAsync);

        var after = (await Membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = submitted.Name })).AccessionApplication;
        Assert.Equal(submitted, after);
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Membership.GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/MYS" }).ResponseAsync);
    }

    [Fact]
    public async Task Admitting_twice_fails_and_leaves_one_member()
    {
        var request = new AdmitMemberStateRequest { Name = "accessionApplications/KWT-2022", Decision = Decisions.Summit(2022, 10, 13) };
        await Membership.AdmitMemberStateAsync(request, Callers.Secretariat);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ALREADY_ADMITTED",
            () => Membership.AdmitMemberStateAsync(request, Callers.Secretariat).ResponseAsync);
        var members = await Membership.ListMemberStatesAsync(new ListMemberStatesRequest { PageSize = 100 });
        Assert.Single(members.MemberStates, m => m.CountryCode == "KWT");
    }

    [Fact]
    public async Task Admission_cites_a_Summit_decision_on_a_full_date_not_before_the_recommendation()
    {
        const string kuwait = "accessionApplications/KWT-2022";
        await RpcAssert.InvalidField("decision.body", () => Membership.AdmitMemberStateAsync(
            new AdmitMemberStateRequest { Name = kuwait, Decision = Decisions.Soc(2022, 10, 13) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("decision.date", () => Membership.AdmitMemberStateAsync(
            new AdmitMemberStateRequest { Name = kuwait, Decision = new DecisionReference { Body = DecisionBody.Summit, Date = new CalendarDate { Year = 2022 } } }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("decision", () => Membership.AdmitMemberStateAsync(
            new AdmitMemberStateRequest { Name = kuwait }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ADMISSION_BEFORE_RECOMMENDATION", () => Membership.AdmitMemberStateAsync(
            new AdmitMemberStateRequest { Name = kuwait, Decision = Decisions.Summit(2022, 9, 1) }, Callers.Secretariat).ResponseAsync);

        var application = await Membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = kuwait });
        Assert.Equal(AccessionApplicationState.Recommended, application.AccessionApplication.State);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_aborted_and_changes_nothing()
    {
        var submitted = await Submit("LAO");
        var recommended = (await Membership.RecommendAccessionAsync(new RecommendAccessionRequest
        {
            Name = submitted.Name, Decision = Decisions.Soc(2023, 6, 15), Etag = submitted.Etag,
        }, Callers.Secretariat)).AccessionApplication;

        await RpcAssert.FailsWithReason(StatusCode.Aborted, "ETAG_MISMATCH", () => Membership.AdmitMemberStateAsync(
            new AdmitMemberStateRequest { Name = submitted.Name, Decision = Decisions.Summit(2024, 1, 1), Etag = submitted.Etag }, Callers.Secretariat).ResponseAsync);

        var after = (await Membership.GetAccessionApplicationAsync(new GetAccessionApplicationRequest { Name = submitted.Name })).AccessionApplication;
        Assert.Equal(recommended, after);
    }

    [Fact]
    public async Task A_retried_submission_returns_the_first_application_and_creates_nothing()
    {
        var request = new SubmitAccessionApplicationRequest { CountryCode = "JPN", SubmittedOn = Decisions.Day(2023, 5, 2), RequestId = "0c6f7f7e-3a52-4c4e-9a55-1f1d8a4a9e01" };
        var first = await Membership.SubmitAccessionApplicationAsync(request, Callers.Secretariat);
        var retry = await Membership.SubmitAccessionApplicationAsync(request, Callers.Secretariat);

        Assert.Equal(first.AccessionApplication, retry.AccessionApplication);
        await AssertApplicationsAre(["accessionApplications/JPN-2023", "accessionApplications/KWT-2022"]);

        var reused = request.Clone();
        reused.CountryCode = "IDN";
        await RpcAssert.InvalidField("request_id", () => Membership.SubmitAccessionApplicationAsync(reused, Callers.Secretariat).ResponseAsync);
        await AssertApplicationsAre(["accessionApplications/JPN-2023", "accessionApplications/KWT-2022"]);
    }

    [Fact]
    public async Task A_retried_admission_returns_the_first_result_instead_of_failing()
    {
        var request = new AdmitMemberStateRequest { Name = "accessionApplications/KWT-2022", Decision = Decisions.Summit(2022, 10, 13), RequestId = "admit-kuwait-1" };
        var first = await Membership.AdmitMemberStateAsync(request, Callers.Secretariat);
        var retry = await Membership.AdmitMemberStateAsync(request, Callers.Secretariat);
        Assert.Equal(first, retry);
    }

    [Fact]
    public async Task Only_the_Secretariat_records_accessions()
    {
        var request = new SubmitAccessionApplicationRequest { CountryCode = "PHL", SubmittedOn = Decisions.Day(2023, 1, 1) };
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "SECRETARIAT_ONLY",
            () => Membership.SubmitAccessionApplicationAsync(request, Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => Membership.SubmitAccessionApplicationAsync(request, Callers.Anonymous).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => Membership.SubmitAccessionApplicationAsync(request, Callers.As("member-state/XXX")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => Membership.SubmitAccessionApplicationAsync(request, Callers.As("the-president")).ResponseAsync);
        await AssertApplicationsAre(["accessionApplications/KWT-2022"]);
    }

    [Fact]
    public async Task A_missing_application_is_not_found_and_a_malformed_name_is_invalid()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, () => Membership.RecommendAccessionAsync(
            new RecommendAccessionRequest { Name = "accessionApplications/TKM-2030", Decision = Decisions.Soc(2030, 1, 1) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("name", () => Membership.GetAccessionApplicationAsync(
            new GetAccessionApplicationRequest { Name = "applications/KWT-2022" }).ResponseAsync);
    }

    private async Task<AccessionApplication> Submit(string code) =>
        (await Membership.SubmitAccessionApplicationAsync(new SubmitAccessionApplicationRequest
        {
            CountryCode = code,
            SubmittedOn = Decisions.Day(2023, 2, 1),
        }, Callers.Secretariat)).AccessionApplication;

    private async Task AssertApplicationsAre(string[] names)
    {
        var all = await Membership.ListAccessionApplicationsAsync(new ListAccessionApplicationsRequest { PageSize = 100 });
        Assert.Equal(names, all.AccessionApplications.Select(a => a.Name));
    }
}

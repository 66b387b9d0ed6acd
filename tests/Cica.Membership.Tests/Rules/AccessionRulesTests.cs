using Cica.Contracts.Common.V1;
using Cica.Contracts.Membership.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Membership.Accession;
using Cica.Membership.Storage;
using Cica.Persistence;
using Cica.Testing;

namespace Cica.Membership.Tests.Rules;

/// <summary>
/// The accession procedure's rules, each branch, run directly on a migrated database file: no host,
/// no gRPC, the refusals as the rules raise them (the end-to-end tests show their statuses).
/// </summary>
public sealed class AccessionRulesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2022, 10, 11, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new("cica-membership-rules");
    private MembershipDatabase _database = null!;

    public async Task InitializeAsync() =>
        _database = await RulesDatabase.CreateAsync(_data.Path, "membership", o => new MembershipDatabase(o));

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _data.Dispose();
    }

    private Task<T> Write<T>(Func<UnitOfWork, Task<T>> rules) => _database.WriteAsync(rules, None);

    private Task<AccessionApplication> Submit(string country = "KWT") =>
        Write(uow => AccessionProcedure.SubmitAsync(uow, country, Decisions.Day(2022, 1, 10), new LocalizedText { En = country }, Caller.Secretariat, Now, None));

    private Task<AccessionApplication> Recommend(string id = "KWT-2022", string etag = "") =>
        Write(uow => AccessionProcedure.RecommendAsync(uow, id, Decisions.Soc(2022, 10, 11), etag, Caller.Secretariat, Now, None));

    private Task<AdmitMemberStateResponse> Admit(string id = "KWT-2022", DecisionReference? decision = null) =>
        Write(uow => AccessionProcedure.AdmitAsync(uow, id, decision ?? Decisions.Summit(2022, 10, 13), "", Caller.Secretariat, Now, None));

    private Task<long> OutboxCount() => _database.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM outbox_messages", ct: None);

    private static async Task<T> Refused<T>(string reason, Func<Task> act) where T : DomainException
    {
        var refusal = await Assert.ThrowsAsync<T>(act);
        Assert.Equal(reason, refusal.Reason);
        return refusal;
    }

    [Fact]
    public async Task A_submitted_application_is_named_after_country_and_year_and_announced()
    {
        var application = await Submit();
        Assert.Equal(("accessionApplications/KWT-2022", AccessionApplicationState.Submitted, "\"v1\""),
            (application.Name, application.State, application.Etag));
        Assert.Equal(1, await OutboxCount());
    }

    [Fact]
    public async Task A_member_state_cannot_apply()
    {
        await Submit();
        await Recommend();
        await Admit();
        var refusal = await Refused<RuleViolationException>("ALREADY_MEMBER", () => Submit());
        Assert.Equal("KWT", refusal.Metadata["country_code"]);
    }

    [Fact]
    public async Task A_state_with_an_open_application_cannot_apply_again()
    {
        await Submit();
        var refusal = await Refused<RuleViolationException>("APPLICATION_OPEN", () => Submit());
        Assert.Equal("accessionApplications/KWT-2022", refusal.Metadata["application"]);
        Assert.Equal(1, await OutboxCount()); // the refused write left nothing behind
    }

    [Fact]
    public async Task Recommending_an_unknown_application_is_not_found()
    {
        var refusal = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Recommend("TKM-2022"));
        Assert.Equal("accessionApplications/TKM-2022", refusal.ResourceName);
    }

    [Fact]
    public async Task A_recommendation_with_a_stale_etag_is_refused()
    {
        await Submit();
        await Assert.ThrowsAsync<StaleEtagException>(() => Recommend(etag: "\"v7\""));
        var recommended = await Recommend(etag: "\"v1\"");
        Assert.Equal((AccessionApplicationState.Recommended, "\"v2\""), (recommended.State, recommended.Etag));
    }

    [Fact]
    public async Task Only_a_submitted_application_can_be_recommended()
    {
        await Submit();
        await Recommend();
        var refusal = await Refused<RuleViolationException>("NOT_SUBMITTED", () => Recommend());
        Assert.Equal("Recommended", refusal.Metadata["state"]);
    }

    [Fact]
    public async Task The_Summit_admits_only_after_the_SOC_recommended()
    {
        await Submit();
        var refusal = await Refused<RuleViolationException>("NOT_RECOMMENDED", () => Admit());
        Assert.Equal("Submitted", refusal.Metadata["state"]);
    }

    [Fact]
    public async Task An_admission_cannot_precede_the_recommendation()
    {
        await Submit();
        await Recommend();
        await Refused<RuleViolationException>("ADMISSION_BEFORE_RECOMMENDATION", () => Admit(decision: Decisions.Summit(2022, 10, 10)));
    }

    [Fact]
    public async Task An_admission_makes_a_member_from_the_Summit_date_and_announces_it()
    {
        await Submit();
        await Recommend();
        var admitted = await Admit();
        Assert.Equal(("memberStates/KWT", "2022-10-13"), (admitted.MemberState.Name, admitted.MemberState.AccessionDate.ToIsoString()));
        Assert.Equal(AccessionApplicationState.Admitted, admitted.AccessionApplication.State);
        Assert.Equal(3, await OutboxCount()); // submitted, recommended, admitted
    }

    [Fact]
    public async Task An_application_is_admitted_once()
    {
        await Submit();
        await Recommend();
        await Admit();
        await Refused<RuleViolationException>("ALREADY_ADMITTED", () => Admit());
    }

    [Fact]
    public async Task A_state_already_a_member_by_another_application_is_not_admitted_twice()
    {
        // A member recorded without this application (as the seed records the founding members).
        await Submit();
        await Recommend();
        await Write(async uow =>
        {
            await MemberStateStore.InsertAsync(uow, new MemberStateRow("KWT", "Kuwait", "", "", "2022-10-12", null, null), None);
            return true;
        });
        await Refused<RuleViolationException>("ALREADY_MEMBER", () => Admit());
    }
}

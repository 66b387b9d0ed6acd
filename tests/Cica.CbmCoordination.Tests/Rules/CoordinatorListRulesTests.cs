using Cica.CbmCoordination.Coordination;
using Cica.CbmCoordination.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.ServiceKit.MemberStates;
using Cica.Testing;

namespace Cica.CbmCoordination.Tests.Rules;

/// <summary>
/// The rules of the coordinator list, each branch, run directly on a migrated database file with
/// one priority area and a few known member states: no host, no gRPC, no seed.
/// </summary>
public sealed class CoordinatorListRulesTests : IAsyncLifetime
{
    private const string Area = "economic-8";
    private const string AreaName = "priorityAreas/economic-8";
    private static readonly DateTimeOffset Now = new(2022, 10, 11, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new("cica-cbm-rules");
    private CbmDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await RulesDatabase.CreateAsync(_data.Path, "cbm", o => new CbmDatabase(o), knownMemberStates: true);
        await Write(async uow =>
        {
            await PriorityAreaStore.InsertDimensionAsync(uow, new DimensionRow { Slug = "economic", Number = 3, TitleEn = "Economic dimension" }, None);
            await PriorityAreaStore.InsertAreaAsync(uow, new PriorityAreaRow
            {
                AreaId = Area, DimensionSlug = "economic", Number = 8, SortOrder = 308, TitleEn = "Trade and Investment",
            }, None);
            foreach (var (code, since) in new[] { ("TUR", "1992"), ("KGZ", "1992"), ("RUS", "1992"), ("KWT", "2022-10-13") })
                await KnownMemberStates.UpsertAsync(uow, new KnownMemberState { CountryCode = code, NameEn = code, AccessionDate = since }, Now, None);
            return true;
        });
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _data.Dispose();
    }

    private Task<T> Write<T>(Func<UnitOfWork, Task<T>> rules) => _database.WriteAsync(rules, None);

    private static Amendment On(int year, int month, int day) =>
        new(Dates.Soc(year, month, day), new DateOnly(year, month, day), new Actor { Kind = ActorKind.Secretariat }, Now);

    private Task<AmendCoordinatorListResponse> Amend(Amendment amendment, params CoordinatorListChange[] changes) =>
        Write(uow => CoordinatorList.AmendAsync(uow, amendment, changes, None));

    private async Task<string> AssignAsync(string country, CoordinatorRole role, Amendment? on = null, Period? term = null) =>
        (await Amend(on ?? On(2022, 6, 15), Changes.Add(AreaName, country, role, term))).Started.Single().Name;

    private Task<long> Count(string table) => _database.QuerySingleOrDefaultAsync<long>($"SELECT COUNT(*) FROM {table}", ct: None);

    private static async Task<T> Refused<T>(string reason, Func<Task> act) where T : DomainException
    {
        var refusal = await Assert.ThrowsAsync<T>(act);
        Assert.Equal(reason, refusal.Reason);
        return refusal;
    }

    [Fact]
    public async Task An_added_assignment_starts_on_the_effective_day_and_is_announced()
    {
        var response = await Amend(On(2022, 6, 15), Changes.Add(AreaName, "TUR", CoordinatorRole.CoCoordinator));
        var started = Assert.Single(response.Started);
        Assert.Equal(("TUR", "2022-06-15", (CalendarDate?)null), (started.CountryCode, started.EffectiveFrom.ToIsoString(), started.EffectiveUntil));
        Assert.Equal(1, await Count("outbox_messages"));
    }

    [Fact]
    public async Task A_termed_assignment_runs_from_its_term_if_later_to_the_end_of_its_term()
    {
        var response = await Amend(On(2022, 6, 15), Changes.Add(AreaName, "RUS", CoordinatorRole.Coordinator, Changes.Term(2023, 2024)));
        var started = Assert.Single(response.Started);
        Assert.Equal(("2023-01-01", "2024-12-31"), (started.EffectiveFrom.ToIsoString(), started.EffectiveUntil.ToIsoString()));
    }

    [Fact]
    public async Task An_unknown_area_is_not_found()
    {
        var refusal = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            Amend(On(2022, 6, 15), Changes.Add("priorityAreas/economic-99", "TUR", CoordinatorRole.Coordinator)));
        Assert.Equal("priorityAreas/economic-99", refusal.ResourceName);
    }

    [Fact]
    public async Task Only_a_member_state_can_be_assigned()
    {
        var refusal = await Refused<RuleViolationException>("NOT_A_MEMBER_STATE", () =>
            Amend(On(2022, 6, 15), Changes.Add(AreaName, "FRA", CoordinatorRole.Coordinator)));
        Assert.Equal(("FRA", "changes[0].add.country_code"), (refusal.Metadata["country_code"], refusal.Metadata["field"]));
    }

    [Fact]
    public async Task A_state_cannot_be_assigned_from_before_its_accession()
    {
        var refusal = await Refused<RuleViolationException>("NOT_A_MEMBER_STATE", () =>
            Amend(On(2022, 10, 11), Changes.Add(AreaName, "KWT", CoordinatorRole.CoCoordinator)));
        Assert.Contains("2022-10-13", refusal.Message);
        await AssignAsync("KWT", CoordinatorRole.CoCoordinator, On(2022, 10, 13)); // from its accession on, it can
    }

    [Fact]
    public async Task The_same_role_twice_on_overlapping_days_is_a_duplicate()
    {
        var first = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        var refusal = await Refused<DuplicateException>("DUPLICATE_ASSIGNMENT", () =>
            Amend(On(2022, 10, 11), Changes.Add(AreaName, "TUR", CoordinatorRole.CoCoordinator)));
        Assert.Equal(first, refusal.Metadata["assignment"]);
    }

    [Fact]
    public async Task The_other_role_on_overlapping_days_conflicts()
    {
        await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        await Refused<RuleViolationException>("CONFLICTING_ROLE", () =>
            Amend(On(2022, 10, 11), Changes.Add(AreaName, "TUR", CoordinatorRole.Coordinator)));
    }

    [Fact]
    public async Task Ending_an_assignment_sets_its_last_day_to_the_day_before_the_amendment()
    {
        var assignment = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        var ended = Assert.Single((await Amend(On(2022, 10, 11), Changes.End(assignment))).Ended);
        Assert.Equal("2022-10-10", ended.EffectiveUntil.ToIsoString());
        Assert.Equal(2, await Count("outbox_messages"));
    }

    [Fact]
    public async Task Ending_an_unknown_assignment_is_not_found()
    {
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Amend(On(2022, 10, 11), Changes.End("coordinatorAssignments/404")));
    }

    [Fact]
    public async Task An_assignment_a_decision_ended_cannot_be_ended_again()
    {
        var assignment = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        await Amend(On(2022, 10, 11), Changes.End(assignment));
        var refusal = await Refused<RuleViolationException>("ASSIGNMENT_ENDED", () => Amend(On(2022, 12, 1), Changes.End(assignment)));
        Assert.Equal(assignment, refusal.Metadata["assignment"]);
    }

    [Fact]
    public async Task An_assignment_whose_term_ran_out_cannot_be_ended()
    {
        var assignment = await AssignAsync("RUS", CoordinatorRole.Coordinator, term: Changes.Term(2022, 2023));
        await Refused<RuleViolationException>("ASSIGNMENT_ENDED", () => Amend(On(2024, 3, 1), Changes.End(assignment)));
    }

    [Fact]
    public async Task An_assignment_cannot_be_ended_before_its_first_day()
    {
        var assignment = await AssignAsync("RUS", CoordinatorRole.Coordinator, term: Changes.Term(2023, 2024));
        await Refused<RuleViolationException>("ASSIGNMENT_NOT_STARTED", () => Amend(On(2022, 10, 11), Changes.End(assignment)));
    }

    [Fact]
    public async Task A_replacement_ends_one_assignment_and_starts_the_same_role_for_another_state()
    {
        var assignment = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        var response = await Amend(On(2022, 10, 11), Changes.Replace(assignment, "KGZ"));
        Assert.Equal(("TUR", "KGZ"), (response.Ended.Single().CountryCode, response.Started.Single().CountryCode));
        Assert.Equal(CoordinatorRole.CoCoordinator, response.Started.Single().Role);
        Assert.Equal(assignment, response.Started.Single().Replaces);
    }

    [Fact]
    public async Task A_replacement_names_another_state()
    {
        var assignment = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        var refusal = await Refused<RuleViolationException>("SAME_COUNTRY", () => Amend(On(2022, 10, 11), Changes.Replace(assignment, "TUR")));
        Assert.Equal("changes[0].replace.country_code", refusal.Metadata["field"]);
    }

    [Fact]
    public async Task A_replacement_by_a_state_holding_the_same_role_is_a_duplicate_and_the_other_role_conflicts()
    {
        var turkey = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        await AssignAsync("KGZ", CoordinatorRole.CoCoordinator);
        await AssignAsync("RUS", CoordinatorRole.Coordinator);
        await Refused<DuplicateException>("DUPLICATE_ASSIGNMENT", () => Amend(On(2022, 10, 11), Changes.Replace(turkey, "KGZ")));
        await Refused<RuleViolationException>("CONFLICTING_ROLE", () => Amend(On(2022, 10, 11), Changes.Replace(turkey, "RUS")));
    }

    [Fact]
    public async Task A_refused_change_undoes_the_changes_before_it_in_the_same_amendment()
    {
        var turkey = await AssignAsync("TUR", CoordinatorRole.CoCoordinator);
        var before = (await Count("coordinator_assignments"), await Count("outbox_messages"));
        await Refused<RuleViolationException>("NOT_A_MEMBER_STATE", () =>
            Amend(On(2022, 10, 11), Changes.End(turkey), Changes.Add(AreaName, "FRA", CoordinatorRole.Coordinator)));
        Assert.Equal(before, (await Count("coordinator_assignments"), await Count("outbox_messages")));
        Assert.Null(await _database.QuerySingleOrDefaultAsync<string>(
            "SELECT effective_until FROM coordinator_assignments WHERE country_code = 'TUR'", ct: None));
    }

    [Theory]
    [InlineData(null, 2023, "start is required")]
    [InlineData(2022, null, "end is required")]
    [InlineData(2023, 2022, "ends (2022) before it starts (2023)")]
    [InlineData(2020, 2021, "before the amendment takes effect")]
    public void A_term_needs_a_start_and_an_end_in_order_not_ending_before_the_amendment(int? start, int? end, string problem)
    {
        var term = new Period { Start = start is null ? null : Dates.Year(start.Value), End = end is null ? null : Dates.Year(end.Value) };
        Assert.Contains(problem, CoordinatorTerm.Problem(term, new DateOnly(2022, 10, 11)));
    }

    [Fact]
    public void A_malformed_term_start_is_named()
    {
        var term = new Period { Start = new CalendarDate { Year = 2022, Month = 13 }, End = Dates.Year(2023) };
        Assert.StartsWith("start: ", CoordinatorTerm.Problem(term, null));
        Assert.Null(CoordinatorTerm.Problem(Changes.Term(2022, 2023), new DateOnly(2022, 10, 11)));
    }
}

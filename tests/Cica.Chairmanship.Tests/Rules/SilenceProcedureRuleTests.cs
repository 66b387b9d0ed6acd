using Cica.Chairmanship.Decisions;
using Cica.Chairmanship.Silence;
using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.ServiceKit.MemberStates;
using Cica.Testing;
using WallClock = Cica.Contracts.Chairmanship.V1.LocalDateTime;

namespace Cica.Chairmanship.Tests.Rules;

/// <summary>The silence procedure's rules on a real SQLite file, without a host.</summary>
public sealed class SilenceProcedureRuleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2022, 10, 11, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Before = Seeded.BeforeDeadline;
    private static readonly DateTimeOffset After = Seeded.AfterDeadline;
    private readonly TempDirectory _dir = new("cica-chair-rules");
    private ChairmanshipDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await RulesDatabase.CreateAsync(_dir.Path, ChairmanshipModule.ServiceName, o => new ChairmanshipDatabase(o), knownMemberStates: true);
        await _db.WriteAsync(async uow =>
        {
            foreach (var code in new[] { "KAZ", "IND", "AZE" })
                await KnownMemberStates.UpsertAsync(uow, new KnownMemberState { CountryCode = code, NameEn = code, AccessionDate = "1999" }, Start, default);
            await DecisionLifecycle.CreateAsync(uow, "draft-7", Draft(""), Start, default);
            await DecisionLifecycle.ApproveAsync(uow, "draft-7", new DateOnly(2022, 10, 11), "", Caller.Secretariat.ToActor(), Start, default);
            await DecisionLifecycle.CreateAsync(uow, "draft-8", Draft("decisions/draft-7"), Start, default);
            await SilenceProcedures.StartAsync(uow, "draft-8", Deadline(15), Caller.Secretariat.ToActor(), Start, default);
        }, default);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        _dir.Dispose();
    }

    private static Decision Draft(string replaces) => new()
    {
        Title = new LocalizedText { En = "Draft" },
        ApprovingBody = DecisionBody.SeniorOfficialsCommittee,
        AdoptingBody = DecisionBody.Summit,
        Replaces = replaces,
    };

    private static SilenceDeadline Deadline(int hour) =>
        SilenceDeadlines.Resolve(new WallClock { Date = Seeded.Day(2022, 10, 12), Hours = hour }, "Asia/Almaty", "deadline");

    private Task<T> Write<T>(Func<Cica.Persistence.UnitOfWork, Task<T>> work) => _db.WriteAsync(work, default);

    private Task<SilenceProcedure> Break(Caller caller, string country, DateTimeOffset now) =>
        Write(uow => SilenceProcedures.BreakAsync(uow, "draft-8-silence", country, SilenceBreakKind.Objection, "We object.", caller, now, default));

    private async Task<Decision> Decision(string id) => (await Tables.Decisions.FindAsync(_db, id, default))!.Resource;

    private async Task<SilenceProcedure> Procedure() => (await Tables.SilenceProcedures.FindAsync(_db, "draft-8-silence", default))!.Resource;

    [Fact]
    public async Task Replaces_and_replaced_by_name_each_other()
    {
        Assert.Equal("decisions/draft-7", (await Decision("draft-8")).Replaces);
        Assert.Equal("decisions/draft-8", (await Decision("draft-7")).ReplacedBy);
        Assert.Equal(DecisionState.UnderSilence, (await Decision("draft-8")).State);
    }

    [Fact]
    public async Task A_second_draft_cannot_replace_a_draft_already_replaced()
    {
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => DecisionLifecycle.CreateAsync(uow, "draft-9", Draft("decisions/draft-7"), Start, default)));
        Assert.Equal("ALREADY_REPLACED", refused.Reason);
    }

    [Fact]
    public async Task Unbroken_silence_approves_the_draft_and_supersedes_the_one_it_replaces_once()
    {
        Assert.False(await Write(uow => SilenceProcedures.ConcludeAsync(uow, "draft-8-silence", Before, default)));
        Assert.True(await Write(uow => SilenceProcedures.ConcludeAsync(uow, "draft-8-silence", After, default)));
        Assert.False(await Write(uow => SilenceProcedures.ConcludeAsync(uow, "draft-8-silence", After, default)));

        Assert.Equal(SilenceOutcome.Approved, (await Procedure()).Outcome);
        var draft8 = await Decision("draft-8");
        Assert.Equal(DecisionState.ApprovedAndRecommended, draft8.State);
        Assert.Equal(Seeded.Day(2022, 10, 12), draft8.ApprovedOn);
        Assert.Equal(DecisionState.Superseded, (await Decision("draft-7")).State);
    }

    [Fact]
    public async Task Broken_silence_leaves_the_draft_not_adopted_and_the_replaced_one_standing()
    {
        await Break(Caller.MemberState("IND"), "IND", Before);
        Assert.True(await Write(uow => SilenceProcedures.ConcludeAsync(uow, "draft-8-silence", After, default)));
        Assert.Equal(SilenceOutcome.NotApproved, (await Procedure()).Outcome);
        Assert.Equal(DecisionState.NotAdopted, (await Decision("draft-8")).State);
        Assert.Equal(DecisionState.ApprovedAndRecommended, (await Decision("draft-7")).State);
    }

    [Theory]
    [InlineData("member-state/KWT", "KWT", "NOT_A_MEMBER_STATE")] // not admitted yet
    [InlineData("member-state/JPN", "JPN", "NOT_A_MEMBER_STATE")] // an observer
    [InlineData("member-state/FRA", "FRA", "NOT_A_MEMBER_STATE")] // a non-member
    [InlineData("member-state/KAZ", "IND", "OWN_NAME_ONLY")]
    [InlineData("secretariat", "KAZ", "MEMBER_STATES_ONLY")]
    public async Task Only_a_member_state_breaks_silence_in_its_own_name(string caller, string country, string reason)
    {
        var who = caller == "secretariat" ? Caller.Secretariat : Caller.MemberState(caller["member-state/".Length..]);
        var refused = await Assert.ThrowsAsync<NotPermittedException>(() => Break(who, country, Before));
        Assert.Equal(reason, refused.Reason);
        Assert.Empty((await Procedure()).Breaks);
    }

    [Fact]
    public async Task A_state_admitted_after_the_day_cannot_break_silence()
    {
        await _db.WriteAsync(uow => KnownMemberStates.UpsertAsync(uow,
            new KnownMemberState { CountryCode = "KWT", NameEn = "Kuwait", AccessionDate = "2022-10-13" }, Start, default), default);
        var refused = await Assert.ThrowsAsync<NotPermittedException>(() => Break(Caller.MemberState("KWT"), "KWT", Before));
        Assert.Equal("NOT_A_MEMBER_STATE", refused.Reason);
    }

    [Fact]
    public async Task Silence_cannot_be_broken_at_or_after_the_deadline()
    {
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Break(Caller.MemberState("IND"), "IND", Seeded.Deadline));
        Assert.Equal("DEADLINE_PASSED", refused.Reason);
        Assert.Empty((await Procedure()).Breaks);
    }

    [Fact]
    public async Task The_chair_extends_the_deadline_before_it_passes_and_only_to_a_later_time()
    {
        var extended = await Write(uow => SilenceProcedures.ExtendAsync(uow, "draft-8-silence", Deadline(18), Before, default));
        Assert.Equal(new DateTimeOffset(2022, 10, 12, 12, 0, 0, TimeSpan.Zero), extended.Deadline.Instant.ToDateTimeOffset());
        Assert.Single(extended.Extensions);
        // Silence can be broken after the first deadline, before the extended one.
        await Break(Caller.MemberState("IND"), "IND", After);

        var earlier = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => SilenceProcedures.ExtendAsync(uow, "draft-8-silence", Deadline(17), Before, default)));
        Assert.Equal("DEADLINE_NOT_LATER", earlier.Reason);
        var late = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => SilenceProcedures.ExtendAsync(uow, "draft-8-silence", Deadline(20), After.AddHours(3), default)));
        Assert.Equal("DEADLINE_PASSED", late.Reason);
    }

    [Fact]
    public async Task Only_a_draft_is_placed_under_silence_and_only_until_a_future_deadline()
    {
        var notDraft = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => SilenceProcedures.StartAsync(uow, "draft-7", Deadline(15), Caller.Secretariat.ToActor(), Start, default)));
        Assert.Equal("NOT_DRAFT", notDraft.Reason);
        await Write(uow => DecisionLifecycle.CreateAsync(uow, "draft-10", Draft(""), Start, default));
        var past = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => SilenceProcedures.StartAsync(uow, "draft-10", Deadline(15), Caller.Secretariat.ToActor(), After, default)));
        Assert.Equal("DEADLINE_PASSED", past.Reason);
        Assert.Equal(DecisionState.Draft, (await Decision("draft-10")).State);
    }

    [Fact]
    public async Task Only_a_recommended_decision_is_adopted()
    {
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => DecisionLifecycle.AdoptAsync(uow, "draft-8", new DateOnly(2022, 10, 13), "", Caller.Secretariat.ToActor(), After, default)));
        Assert.Equal("NOT_RECOMMENDED", refused.Reason);
        var early = await Assert.ThrowsAsync<RuleViolationException>(() => Write(uow => DecisionLifecycle.AdoptAsync(uow, "draft-7", new DateOnly(2022, 10, 10), "", Caller.Secretariat.ToActor(), After, default)));
        Assert.Equal("ADOPTION_BEFORE_APPROVAL", early.Reason);
    }
}

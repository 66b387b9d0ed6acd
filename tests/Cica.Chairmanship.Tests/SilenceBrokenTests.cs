using Cica.Contracts.Chairmanship.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.Chairmanship.Tests;

/// <summary>
/// Breaking DRAFT/8's silence on the real platform (in-memory bus): only a member state on that day,
/// in its own name, before the deadline; one break and DRAFT/7 stands.
/// </summary>
public sealed class SilenceBrokenTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cica-chair-test");
    private readonly SetClock _clock = new(Seeded.BeforeDeadline);
    private PlatformHost _host = null!;

    private ChairmanshipService.ChairmanshipServiceClient Chair => _host.Chair();

    public async Task InitializeAsync() => _host = await Seeded.StartAsync(_data.Path, _clock);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    private static BreakSilenceRequest Objection(string country) =>
        new() { Name = Seeded.Silence8, CountryCode = country, Kind = SilenceBreakKind.Objection, Text = "We cannot join consensus." };

    private Task<SilenceProcedure> ProcedureAsync() =>
        Chair.GetSilenceProcedureAsync(new GetSilenceProcedureRequest { Name = Seeded.Silence8 }).ResponseAsync.ContinueWith(t => t.Result.SilenceProcedure);

    [Fact]
    public async Task Silence_broken_by_one_member_state_leaves_DRAFT_7_standing()
    {
        var broken = (await Chair.BreakSilenceAsync(Objection("IND"), Callers.MemberState("IND"))).SilenceProcedure;
        Assert.Equal("IND", broken.Breaks.Single().CountryCode);

        _clock.Now = Seeded.AfterDeadline;
        var draft8 = await Seeded.UntilAsync(() => _host.DecisionAsync(Seeded.Draft8), d => d.State != DecisionState.UnderSilence, "the silence to conclude");
        Assert.Equal(DecisionState.NotAdopted, draft8.State);
        Assert.Equal(SilenceOutcome.NotApproved, (await ProcedureAsync()).Outcome);
        Assert.Equal(DecisionState.ApprovedAndRecommended, (await _host.DecisionAsync(Seeded.Draft7)).State);

        await Chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = Seeded.Draft7, AdoptedOn = Seeded.Day(2022, 10, 13) }, Callers.Secretariat);
        var terms = (await Chair.ListChairmanshipTermsAsync(new ListChairmanshipTermsRequest())).Terms;
        Assert.Equal(["chairmanshipTerms/KAZ-2020", "chairmanshipTerms/KAZ-2022"], terms.Select(t => t.Name));
        var summit = (await Chair.GetMeetingAsync(new GetMeetingRequest { Name = "meetings/summit-7" })).Meeting;
        Assert.Equal("", summit.HostCountry);
        Assert.Equal(2026, summit.Dates.Start.Year);
    }

    [Theory]
    [InlineData("JPN")] // an observer
    [InlineData("FRA")] // neither member nor observer
    [InlineData("KWT")] // recommended for accession, not admitted yet
    public async Task An_observer_a_non_member_and_Kuwait_before_its_admission_cannot_break_silence(string country)
    {
        var before = await ProcedureAsync();
        var info = await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "NOT_A_MEMBER_STATE",
            () => Chair.BreakSilenceAsync(Objection(country), Callers.MemberState(country)).ResponseAsync);
        Assert.Equal(country, info.Metadata["country_code"]);
        Assert.Equal(before, await ProcedureAsync());
    }

    [Fact]
    public async Task A_state_breaks_silence_only_in_its_own_name_and_only_before_the_deadline()
    {
        var before = await ProcedureAsync();
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "OWN_NAME_ONLY",
            () => Chair.BreakSilenceAsync(Objection("IND"), Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.PermissionDenied, "MEMBER_STATES_ONLY",
            () => Chair.BreakSilenceAsync(Objection("IND"), Callers.Secretariat).ResponseAsync);

        _clock.Now = Seeded.Deadline;
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "DEADLINE_PASSED",
            () => Chair.BreakSilenceAsync(Objection("IND"), Callers.MemberState("IND")).ResponseAsync);
        Assert.Empty((await ProcedureAsync()).Breaks);
        Assert.Equal(before.Breaks, (await ProcedureAsync()).Breaks);
    }

    [Fact]
    public async Task The_chair_extends_the_deadline_and_silence_holds_until_the_new_one()
    {
        var extended = (await Chair.ExtendSilenceProcedureAsync(new ExtendSilenceProcedureRequest
        {
            Name = Seeded.Silence8, TimeZone = "Asia/Almaty",
            Deadline = new Contracts.Chairmanship.V1.LocalDateTime { Date = Seeded.Day(2022, 10, 12), Hours = 18 },
        }, Callers.Secretariat)).SilenceProcedure;
        Assert.Equal(Seeded.Deadline.AddHours(3), extended.Deadline.Instant.ToDateTimeOffset());

        _clock.Now = Seeded.AfterDeadline;
        await Task.Delay(600); // several sweeps
        Assert.Equal(DecisionState.UnderSilence, (await _host.DecisionAsync(Seeded.Draft8)).State);
        _clock.Now = Seeded.Deadline.AddHours(3);
        var draft8 = await Seeded.UntilAsync(() => _host.DecisionAsync(Seeded.Draft8), d => d.State != DecisionState.UnderSilence, "the extended silence to conclude");
        Assert.Equal(DecisionState.ApprovedAndRecommended, draft8.State);
    }
}

using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Common.V1;
using Cica.Testing;
using Grpc.Core;
using WallClock = Cica.Contracts.Chairmanship.V1.LocalDateTime;

namespace Cica.Chairmanship.Tests;

/// <summary>Every bad input is refused with its status, naming the field or the rule, and changes nothing.</summary>
public sealed class BadInputTests : IAsyncLifetime
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

    // Everything the service holds, to compare before and after each refusal.
    private async Task<string> SnapshotAsync()
    {
        var decisions = await Chair.ListDecisionsAsync(new ListDecisionsRequest { PageSize = 100 });
        var meetings = await Chair.ListMeetingsAsync(new ListMeetingsRequest { PageSize = 100 });
        var terms = await Chair.ListChairmanshipTermsAsync(new ListChairmanshipTermsRequest { PageSize = 100 });
        var silence = await Chair.GetSilenceProcedureAsync(new GetSilenceProcedureRequest { Name = Seeded.Silence8 });
        return string.Join("\n", decisions, meetings, terms, silence);
    }

    private static CreateDecisionRequest Draft(Action<CreateDecisionRequest> change)
    {
        var request = new CreateDecisionRequest
        {
            DecisionId = "sum-2022-draft-9", Title = new LocalizedText { En = "A draft" },
            ApprovingBody = DecisionBody.SeniorOfficialsCommittee, AdoptingBody = DecisionBody.Summit,
        };
        change(request);
        return request;
    }

    private static WallClock At(int hours, int minutes = 0, int day = 12, int month = 10, int year = 2022) =>
        new() { Date = Seeded.Day(year, month, day), Hours = hours, Minutes = minutes };

    public static TheoryData<string, string> InvalidCreates => new()
    {
        { "decision_id", "bad id!" },
        { "title.en", "no title" },
        { "approving_body", "no approving body" },
        { "effects[0].admit_member_state.country_code", "bad country" },
        { "effects[0].chairmanship.term.end", "term without end" },
        { "effects[0]", "empty effect" },
        { "replaces", "bad replaces" },
        { "document.value", "bad symbol" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task A_malformed_draft_is_INVALID_ARGUMENT_naming_the_field(string field, string what)
    {
        var request = what switch
        {
            "bad id!" => Draft(r => r.DecisionId = "bad id!"),
            "no title" => Draft(r => r.Title = new LocalizedText()),
            "no approving body" => Draft(r => r.ApprovingBody = DecisionBody.Unspecified),
            "bad country" => Draft(r => r.Effects.Add(new DecisionEffect { AdmitMemberState = new AdmitMemberStateEffect { CountryCode = "XXX" } })),
            "term without end" => Draft(r => r.Effects.Add(new DecisionEffect { Chairmanship = new ChairmanshipEffect { CountryCode = "AZE", Term = new Period { Start = CalendarDate.OfYear(2024) } } })),
            "empty effect" => Draft(r => r.Effects.Add(new DecisionEffect())),
            "bad replaces" => Draft(r => r.Replaces = "meetings/soc-2022-10"),
            _ => Draft(r => r.Document = new DocumentSymbol { Value = new string('/', 300) }),
        };
        var before = await SnapshotAsync();
        await RpcAssert.InvalidField(field, () => Chair.CreateDecisionAsync(request, Callers.Secretariat).ResponseAsync);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Deadlines_that_do_not_exist_or_occur_twice_or_are_malformed_are_INVALID_ARGUMENT()
    {
        var before = await SnapshotAsync();
        ExtendSilenceProcedureRequest Extend(WallClock at, string zone = "Asia/Almaty") => new() { Name = Seeded.Silence8, Deadline = at, TimeZone = zone };
        await RpcAssert.InvalidField("deadline", () => Chair.ExtendSilenceProcedureAsync(Extend(At(23, 30, 29, 2, 2024)), Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("deadline", () => Chair.ExtendSilenceProcedureAsync(Extend(At(1, 30, 31, 3, 2024), "Europe/London"), Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("deadline.hours", () => Chair.ExtendSilenceProcedureAsync(Extend(At(24)), Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("time_zone", () => Chair.ExtendSilenceProcedureAsync(Extend(At(18), "Astana"), Callers.Secretariat).ResponseAsync);
        await RpcAssert.InvalidField("deadline", () => Chair.StartSilenceProcedureAsync(new StartSilenceProcedureRequest { Decision = Seeded.Draft7, TimeZone = "Asia/Almaty" }, Callers.Secretariat).ResponseAsync);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Rules_refuse_with_their_status_and_reason_and_change_nothing()
    {
        var before = await SnapshotAsync();
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_RECOMMENDED",
            () => Chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = Seeded.Draft8, AdoptedOn = Seeded.Day(2022, 10, 13) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "NOT_DRAFT",
            () => Chair.StartSilenceProcedureAsync(new StartSilenceProcedureRequest { Decision = Seeded.Draft7, Deadline = At(18), TimeZone = "Asia/Almaty" }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "DEADLINE_NOT_LATER",
            () => Chair.ExtendSilenceProcedureAsync(new ExtendSilenceProcedureRequest { Name = Seeded.Silence8, Deadline = At(14), TimeZone = "Asia/Almaty" }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "INVALID_STATUS_CHANGE",
            () => Chair.ChangeMeetingStatusAsync(new ChangeMeetingStatusRequest { Name = "meetings/soc-2022-10", Status = MeetingStatus.Planned, EffectiveOn = Seeded.Day(2022, 10, 12) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ALREADY_REPLACED",
            () => Chair.CreateDecisionAsync(Draft(r => r.Replaces = Seeded.Draft7), Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "UNDER_SILENCE",
            () => Chair.WithdrawDecisionAsync(new WithdrawDecisionRequest { Name = Seeded.Draft8 }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "DECISION_EXISTS",
            () => Chair.CreateDecisionAsync(Draft(r => r.DecisionId = "sum-2022-draft-8"), Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.AlreadyExists, "MEETING_EXISTS",
            () => Chair.ScheduleMeetingAsync(new ScheduleMeetingRequest { MeetingId = "soc-2022-10", Kind = MeetingKind.Soc, Dates = new Period { Start = CalendarDate.OfYear(2022) } }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWithReason(StatusCode.FailedPrecondition, "ALREADY_ASSUMED",
            () => Chair.AssumeChairmanshipAsync(new AssumeChairmanshipRequest { Name = "chairmanshipTerms/KAZ-2020", AssumedOn = Seeded.Day(2020, 1, 1) }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Aborted,
            () => Chair.ApproveDecisionAsync(new ApproveDecisionRequest { Name = Seeded.Draft7, ApprovedOn = Seeded.Day(2022, 10, 11), Etag = "\"v0\"" }, Callers.Secretariat).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Chair.GetDecisionAsync(new GetDecisionRequest { Name = "decisions/none" }).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.NotFound,
            () => Chair.GetChairAsync(new GetChairRequest { AsOf = Seeded.Day(2031, 1, 1) }).ResponseAsync);
        await RpcAssert.InvalidField("as_of", () => Chair.GetChairAsync(new GetChairRequest()).ResponseAsync);
        await RpcAssert.InvalidField("name", () => Chair.GetMeetingAsync(new GetMeetingRequest { Name = "soc-2022-10" }).ResponseAsync);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Only_the_Secretariat_records_decisions_and_extends_silence()
    {
        var before = await SnapshotAsync();
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Chair.CreateDecisionAsync(Draft(_ => { }), Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => Chair.ExtendSilenceProcedureAsync(
            new ExtendSilenceProcedureRequest { Name = Seeded.Silence8, Deadline = At(18), TimeZone = "Asia/Almaty" }, Callers.MemberState("KAZ")).ResponseAsync);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => Chair.CreateDecisionAsync(Draft(_ => { }), Callers.Anonymous).ResponseAsync);
        Assert.Equal(before, await SnapshotAsync());
    }
}

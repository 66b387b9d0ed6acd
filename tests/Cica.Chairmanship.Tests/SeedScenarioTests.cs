using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;

namespace Cica.Chairmanship.Tests;

/// <summary>
/// The seed package's story with a moved clock, on the real platform (every service in one host)
/// and the test run's real RabbitMQ: DRAFT/8's silence holds at 15:00 Astana time on 12 October
/// 2022, DRAFT/7's recommendation is superseded; the Summit adopts DRAFT/8 and Kuwait's accession,
/// and the terms, the meetings and Kuwait's membership (in Membership, from the event) follow.
/// </summary>
public sealed class SeedScenarioTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cica-chair-test");
    private readonly SetClock _clock = new(Seeded.BeforeDeadline);
    private PlatformHost _host = null!;

    private ChairmanshipService.ChairmanshipServiceClient Chair => _host.Chair();

    public async Task InitializeAsync() =>
        _host = await Seeded.StartAsync(_data.Path, _clock, Seeded.Settings(("Messaging:RabbitMq", await RabbitMqBroker.IsolatedUriAsync())));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task The_seed_holds_the_state_of_11_October_2022()
    {
        var meeting = (await Chair.GetMeetingAsync(new GetMeetingRequest { Name = "meetings/soc-2022-10" })).Meeting;
        Assert.Equal(MeetingStatus.Resumed, meeting.Status);
        Assert.Equal([MeetingStatus.Planned, MeetingStatus.Held, MeetingStatus.Suspended, MeetingStatus.Resumed], meeting.StatusHistory.Select(h => h.Status));
        Assert.Equal(Seeded.Day(2022, 10, 11), meeting.StatusHistory[2].EffectiveOn);

        Assert.Equal("KAZ", (await Chair.GetChairAsync(new GetChairRequest { AsOf = Seeded.Day(2022, 6, 1) })).Term.CountryCode);
        var decisions = (await Chair.ListDecisionsAsync(new ListDecisionsRequest { PageSize = 100 })).Decisions;
        Assert.Equal(11, decisions.Count); // ten SOC items, item 5 being two drafts
        Assert.Equal(DecisionState.UnderSilence, decisions.Single(d => d.Name == Seeded.Draft8).State);
        Assert.Equal(DecisionState.ApprovedAndRecommended, decisions.Single(d => d.Name == Seeded.Draft7).State);
        Assert.Equal(Seeded.Draft8, decisions.Single(d => d.Name == Seeded.Draft7).ReplacedBy);
        // Item 6 and the concept papers were applied by their owners' seeds; the MoU's signature is recorded here.
        foreach (var item in new[] { 6, 7, 8, 9, 10 })
        {
            var decision = decisions.Single(d => d.Name == $"decisions/soc-2022-10-item-{item}");
            Assert.Equal(DecisionState.Adopted, decision.State);
            Assert.All(decision.Effects, e => Assert.Equal(EffectStatus.Applied, e.Status));
        }

        var silence = (await Chair.GetSilenceProcedureAsync(new GetSilenceProcedureRequest { Name = Seeded.Silence8 })).SilenceProcedure;
        Assert.Equal(Seeded.Deadline, silence.Deadline.Instant.ToDateTimeOffset());
        Assert.Equal("Asia/Almaty", silence.Deadline.TimeZone);
        Assert.Equal(15, silence.Deadline.LocalTime.Hours);
        Assert.NotEmpty(silence.Deadline.TzRulesVersion);
    }

    [Fact]
    public async Task Silence_holds_and_the_Summit_adopts_DRAFT_8_and_Kuwaits_accession()
    {
        _clock.Now = Seeded.AfterDeadline;
        var draft8 = await Seeded.UntilAsync(() => _host.DecisionAsync(Seeded.Draft8), d => d.State != DecisionState.UnderSilence, "the silence to conclude");
        Assert.Equal(DecisionState.ApprovedAndRecommended, draft8.State);
        Assert.Equal(DecisionState.Superseded, (await _host.DecisionAsync(Seeded.Draft7)).State);
        var silence = (await Chair.GetSilenceProcedureAsync(new GetSilenceProcedureRequest { Name = Seeded.Silence8 })).SilenceProcedure;
        Assert.Equal(SilenceOutcome.Approved, silence.Outcome);

        var summit = Seeded.Day(2022, 10, 13);
        await Chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = Seeded.Draft8, AdoptedOn = summit }, Callers.Secretariat);
        await Chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = Seeded.Kuwait, AdoptedOn = summit }, Callers.Secretariat);

        var terms = (await Chair.ListChairmanshipTermsAsync(new ListChairmanshipTermsRequest())).Terms;
        Assert.Equal(["chairmanshipTerms/AZE-2024", "chairmanshipTerms/KAZ-2020", "chairmanshipTerms/KAZ-2022"], terms.Select(t => t.Name));
        Assert.All(terms.Where(t => t.Name != "chairmanshipTerms/KAZ-2020"), t => Assert.Equal(Seeded.Draft8, t.Decision));
        var meetings = (await Chair.ListMeetingsAsync(new ListMeetingsRequest())).Meetings.ToDictionary(m => m.Name);
        Assert.Equal("AZE", meetings["meetings/ministerial-council-7"].HostCountry);
        Assert.Equal(2024, meetings["meetings/ministerial-council-7"].Dates.Start.Year);
        Assert.Equal("AZE", meetings["meetings/summit-7"].HostCountry);
        Assert.Equal(MeetingStatus.Planned, meetings["meetings/summit-7"].Status);
        Assert.All((await _host.DecisionAsync(Seeded.Draft8)).Effects, e => Assert.Equal(EffectStatus.Applied, e.Status));

        // Kuwait's membership follows in Membership, from DecisionAdopted over RabbitMQ, and the answer comes back.
        var kuwait = await Seeded.UntilAsync(() => _host.DecisionAsync(Seeded.Kuwait), d => d.Effects[0].Status != EffectStatus.Pending, "Membership's answer");
        Assert.Equal(EffectStatus.Applied, kuwait.Effects[0].Status);
        var member = (await _host.Client<MembershipService.MembershipServiceClient>().GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/KWT" })).MemberState;
        Assert.Equal(summit, member.AccessionDate);

        // The hand-over year 2024: Kazakhstan holds until Azerbaijan assumes the chair.
        Assert.Equal("KAZ", (await Chair.GetChairAsync(new GetChairRequest { AsOf = Seeded.Day(2024, 6, 1) })).Term.CountryCode);
        await Chair.AssumeChairmanshipAsync(new AssumeChairmanshipRequest { Name = "chairmanshipTerms/AZE-2024", AssumedOn = Seeded.Day(2024, 10, 1) }, Callers.Secretariat);
        Assert.Equal("KAZ", (await Chair.GetChairAsync(new GetChairRequest { AsOf = Seeded.Day(2024, 9, 30) })).Term.CountryCode);
        Assert.Equal("AZE", (await Chair.GetChairAsync(new GetChairRequest { AsOf = Seeded.Day(2024, 10, 1) })).Term.CountryCode);
    }

    [Fact]
    public async Task The_Summit_adopting_the_Plan_of_Action_approves_it_in_Concept_Papers()
    {
        var papers = _host.Client<Cica.Contracts.ConceptPapers.V1.ConceptPapersService.ConceptPapersServiceClient>();
        async Task<Cica.Contracts.ConceptPapers.V1.PolicyDocument> PlanAsync() =>
            (await papers.ListPolicyDocumentsAsync(new Cica.Contracts.ConceptPapers.V1.ListPolicyDocumentsRequest { PageSize = 100 }))
                .PolicyDocuments.Single(d => d.DocumentSymbol?.Value == "SUM/2022/DRAFT/6");
        Assert.Equal(Cica.Contracts.ConceptPapers.V1.PolicyDocumentStatus.Submitted, (await PlanAsync()).Status);

        await Chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = "decisions/sum-2022-draft-6", AdoptedOn = Seeded.Day(2022, 10, 13) }, Callers.Secretariat);

        // Concept Papers applies the effect from DecisionAdopted over RabbitMQ and answers.
        var adopted = await Seeded.UntilAsync(() => _host.DecisionAsync("decisions/sum-2022-draft-6"), d => d.Effects[0].Status != EffectStatus.Pending, "Concept Papers' answer");
        Assert.Equal(EffectStatus.Applied, adopted.Effects[0].Status);
        var plan = await PlanAsync();
        Assert.Equal(Cica.Contracts.ConceptPapers.V1.PolicyDocumentStatus.Approved, plan.Status);
        Assert.Equal(Cica.Contracts.Common.V1.DecisionBody.Summit, plan.Approval.Body);
        Assert.True(plan.CurrentRevision.Approved);
    }

    [Fact]
    public async Task An_owner_refusing_an_effect_leaves_the_decision_adopted_and_the_refusal_visible()
    {
        // Kyrgyzstan is co-coordinator of Trade and Investment already (CBM's seed): CBM refuses a second time.
        await Chair.CreateDecisionAsync(new CreateDecisionRequest
        {
            DecisionId = "soc-2022-10-kgz-again",
            Title = new() { En = "Kyrgyzstan as Co-coordinator in Trade and Investment, again" },
            ApprovingBody = Contracts.Common.V1.DecisionBody.SeniorOfficialsCommittee,
            AdoptingBody = Contracts.Common.V1.DecisionBody.SeniorOfficialsCommittee,
            Effects =
            {
                new DecisionEffect { AmendCoordinatorList = new AmendCoordinatorListEffect
                {
                    EffectiveOn = Seeded.Day(2022, 10, 12),
                    Changes = { new Contracts.Cbm.V1.CoordinatorListChange { Add = new() { PriorityArea = "priorityAreas/economic-8", CountryCode = "KGZ", Role = Contracts.Cbm.V1.CoordinatorRole.CoCoordinator } } },
                } },
            },
        }, Callers.Secretariat);
        var adopted = (await Chair.ApproveDecisionAsync(new ApproveDecisionRequest { Name = "decisions/soc-2022-10-kgz-again", ApprovedOn = Seeded.Day(2022, 10, 12) }, Callers.Secretariat)).Decision;
        Assert.Equal(DecisionState.Adopted, adopted.State);

        var answered = await Seeded.UntilAsync(() => _host.DecisionAsync("decisions/soc-2022-10-kgz-again"), d => d.Effects[0].Status != EffectStatus.Pending, "CBM's answer");
        Assert.Equal(DecisionState.Adopted, answered.State);
        Assert.Equal(EffectStatus.Refused, answered.Effects[0].Status);
        Assert.Equal("DUPLICATE_ASSIGNMENT", answered.Effects[0].RefusalReason);
        Assert.Equal("cbm", answered.Effects[0].OwnerService);

        // Membership refuses to admit a state that never applied; nothing is admitted.
        await Chair.CreateDecisionAsync(new CreateDecisionRequest
        {
            DecisionId = "sum-2022-fra", Title = new() { En = "Accession of France" },
            ApprovingBody = Contracts.Common.V1.DecisionBody.SeniorOfficialsCommittee, AdoptingBody = Contracts.Common.V1.DecisionBody.Summit,
            Effects = { new DecisionEffect { AdmitMemberState = new AdmitMemberStateEffect { CountryCode = "FRA" } } },
        }, Callers.Secretariat);
        await Chair.ApproveDecisionAsync(new ApproveDecisionRequest { Name = "decisions/sum-2022-fra", ApprovedOn = Seeded.Day(2022, 10, 12) }, Callers.Secretariat);
        await Chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = "decisions/sum-2022-fra", AdoptedOn = Seeded.Day(2022, 10, 13) }, Callers.Secretariat);
        var france = await Seeded.UntilAsync(() => _host.DecisionAsync("decisions/sum-2022-fra"), d => d.Effects[0].Status != EffectStatus.Pending, "Membership's answer");
        Assert.Equal(EffectStatus.Refused, france.Effects[0].Status);
        Assert.Equal("NO_APPLICATION", france.Effects[0].RefusalReason);
        await RpcAssert.FailsWith(Grpc.Core.StatusCode.NotFound, () => _host.Client<MembershipService.MembershipServiceClient>()
            .GetMemberStateAsync(new GetMemberStateRequest { Name = "memberStates/FRA" }).ResponseAsync);
    }
}

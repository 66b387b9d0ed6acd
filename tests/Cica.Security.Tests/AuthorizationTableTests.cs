using Cica.Contracts.Audit.V1;
using Cica.Contracts.Cbm.V1;
using Cica.Contracts.Chairmanship.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Contracts.Common.V1;
using Cica.Contracts.Gateway.V1;
using Cica.Contracts.Membership.V1;
using Cica.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit.Abstractions;

namespace Cica.Security.Tests;

/// <summary>What a caller may do: past authorization (the call is then decided by validation and the rules), refused, or unauthenticated.</summary>
public enum Access
{
    /// <summary>Past authorization: OK, or any status but PERMISSION_DENIED and UNAUTHENTICATED.</summary>
    Allowed,

    /// <summary>PERMISSION_DENIED.</summary>
    Denied,

    /// <summary>UNAUTHENTICATED.</summary>
    Unauthenticated,
}

/// <summary>
/// README's authorization table, walked: every RPC of every service this platform serves, as the
/// Secretariat, the right member state, another member state, an observer and anonymously.
/// Requests are valid enough that only authorization decides; a refusal by validation or by the
/// rules (e.g. INVALID_ARGUMENT, ALREADY_EXISTS) counts as "allowed past authorization", never as a denial.
/// </summary>
public sealed class AuthorizationTableTests(ITestOutputHelper output)
{
    private const string Ict = "priorityAreas/new-challenges-and-threats-3";   // RUS coordinates 2022-2023
    private const Access A = Access.Allowed, D = Access.Denied, U = Access.Unauthenticated;

    private sealed record Row(MethodDescriptor Method, Func<IMessage> Request, string RightState, string OtherState,
        Access Secretariat, Access Right, Access Other, Access Observer, Access Anonymous);

    private static Row Read(MethodDescriptor method, Func<IMessage> request) => new(method, request, "KAZ", "EGY", A, A, A, A, U);
    private static Row SecretariatOnly(MethodDescriptor method, Func<IMessage> request) => new(method, request, "KAZ", "EGY", A, D, D, D, U);

    private static MethodDescriptor M(ServiceDescriptor service, string name) => service.FindMethodByName(name) ?? throw new InvalidOperationException(name);

    private static CalendarDate Day(int y, int m, int d) => new() { Year = y, Month = m, Day = d };

    private static Activity Workshop() => new()
    {
        PriorityArea = Ict,
        Title = new LocalizedText { En = "Workshop on security in the use of ICTs" },
        Kind = ActivityKind.Workshop,
        Date = Day(2023, 5, 17),
        Status = ActivityStatus.Planned,
    };

    private const string Transport = "priorityAreas/economic-5";   // AZE coordinates it, open-ended

    // An object-level write on a policy document of the transport area: its coordinator (AZE) and the Secretariat.
    private static Row PaperWrite(MethodDescriptor method, Func<IMessage> request) => new(method, request, "AZE", "EGY", A, A, D, D, U);

    private static IReadOnlyList<Row> Table(string activityName, string paperName, string paperEtag, Initiative ictInitiative)
    {
        var membership = MembershipService.Descriptor;
        var cbm = CbmCoordinationService.Descriptor;
        var gateway = GatewayService.Descriptor;
        var chair = ChairmanshipService.Descriptor;
        var papers = ConceptPapersService.Descriptor;
        return
        [
            Read(M(membership, "GetMemberState"), () => new GetMemberStateRequest { Name = "memberStates/KAZ" }),
            Read(M(membership, "ListMemberStates"), () => new ListMemberStatesRequest()),
            Read(M(membership, "ListObservers"), () => new ListObserversRequest()),
            SecretariatOnly(M(membership, "SubmitAccessionApplication"), () => new SubmitAccessionApplicationRequest { CountryCode = "PHL", SubmittedOn = Day(2023, 1, 1) }),
            SecretariatOnly(M(membership, "RecommendAccession"), () => new RecommendAccessionRequest
            {
                Name = "accessionApplications/PHL-2023",
                Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = Day(2023, 2, 1) },
            }),
            SecretariatOnly(M(membership, "AdmitMemberState"), () => new AdmitMemberStateRequest
            {
                Name = "accessionApplications/KWT-2022",
                Decision = new DecisionReference { Body = DecisionBody.Summit, Date = Day(2022, 10, 13) },
            }),
            Read(M(membership, "GetAccessionApplication"), () => new GetAccessionApplicationRequest { Name = "accessionApplications/KWT-2022" }),
            Read(M(membership, "ListAccessionApplications"), () => new ListAccessionApplicationsRequest()),

            Read(M(cbm, "ListDimensions"), () => new ListDimensionsRequest()),
            Read(M(cbm, "GetPriorityArea"), () => new GetPriorityAreaRequest { Name = "priorityAreas/economic-8" }),
            Read(M(cbm, "ListPriorityAreas"), () => new ListPriorityAreasRequest()),
            Read(M(cbm, "ListCoordinatorAssignments"), () => new ListCoordinatorAssignmentsRequest()),
            Read(M(cbm, "ListCoordinatedPriorityAreas"), () => new ListCoordinatedPriorityAreasRequest { CountryCode = "KAZ" }),
            SecretariatOnly(M(cbm, "AmendCoordinatorList"), () => new AmendCoordinatorListRequest
            {
                Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = Day(2023, 1, 10) },
                Changes = { new CoordinatorListChange { Add = new CoordinatorListChange.Types.Add { PriorityArea = "priorityAreas/economic-8", CountryCode = "KAZ", Role = CoordinatorRole.CoCoordinator } } },
            }),
            Read(M(cbm, "GetActivity"), () => new GetActivityRequest { Name = activityName }),
            Read(M(cbm, "ListActivities"), () => new ListActivitiesRequest()),
            // Object-level: a country reports for the areas it coordinates at the activity's date (RUS: ICT in 2023).
            new(M(cbm, "ReportActivity"), () => new ReportActivityRequest { Activity = Workshop() }, "RUS", "KAZ", A, A, D, D, U),
            new(M(cbm, "UpdateActivity"), () => new UpdateActivityRequest
            {
                Activity = new Activity { Name = activityName, Status = ActivityStatus.Held },
                UpdateMask = new() { Paths = { "status" } },
            }, "RUS", "KAZ", A, A, D, D, U),

            Read(M(gateway, "GetCountryDossier"), () => new GetCountryDossierRequest { CountryCode = "KAZ" }),
            Read(M(gateway, "GetPriorityAreaOverview"), () => new GetPriorityAreaOverviewRequest { Name = "priorityAreas/economic-8" }),
            Read(M(gateway, "GetMeetingOutcome"), () => new GetMeetingOutcomeRequest { Meeting = "meetings/soc-2022-10" }),
            Read(M(gateway, "SubscribeEvents"), () => new SubscribeEventsRequest { FromOldestRetained = true }),

            Read(M(chair, "GetChair"), () => new GetChairRequest { AsOf = Day(2022, 10, 11) }),
            Read(M(chair, "ListChairmanshipTerms"), () => new ListChairmanshipTermsRequest()),
            SecretariatOnly(M(chair, "AssumeChairmanship"), () => new AssumeChairmanshipRequest { Name = "chairmanshipTerms/KAZ-2020", AssumedOn = Day(2020, 1, 1) }),
            Read(M(chair, "GetMeeting"), () => new GetMeetingRequest { Name = "meetings/soc-2022-10" }),
            Read(M(chair, "ListMeetings"), () => new ListMeetingsRequest()),
            SecretariatOnly(M(chair, "ScheduleMeeting"), () => new ScheduleMeetingRequest { MeetingId = "soc-2023-01", Kind = MeetingKind.Soc }),
            SecretariatOnly(M(chair, "ChangeMeetingStatus"), () => new ChangeMeetingStatusRequest { Name = "meetings/soc-2022-10", Status = MeetingStatus.Held, EffectiveOn = Day(2022, 10, 12) }),
            Read(M(chair, "GetDecision"), () => new GetDecisionRequest { Name = "decisions/sum-2022-draft-8" }),
            Read(M(chair, "ListDecisions"), () => new ListDecisionsRequest()),
            SecretariatOnly(M(chair, "CreateDecision"), () => new CreateDecisionRequest { DecisionId = "soc-2023-01-item-1" }),
            SecretariatOnly(M(chair, "ApproveDecision"), () => new ApproveDecisionRequest { Name = "decisions/sum-2022-draft-7", ApprovedOn = Day(2022, 10, 11) }),
            SecretariatOnly(M(chair, "AdoptDecision"), () => new AdoptDecisionRequest { Name = "decisions/sum-2022-draft-7", AdoptedOn = Day(2022, 10, 13) }),
            SecretariatOnly(M(chair, "WithdrawDecision"), () => new WithdrawDecisionRequest { Name = "decisions/soc-2022-10-item-10" }),
            SecretariatOnly(M(chair, "StartSilenceProcedure"), () => new StartSilenceProcedureRequest { Decision = "decisions/sum-2022-draft-7" }),
            Read(M(chair, "GetSilenceProcedure"), () => new GetSilenceProcedureRequest { Name = "silenceProcedures/sum-2022-draft-8-silence" }),
            // Object-level: a member state breaks silence in its own name only; the Secretariat and observers never do.
            new(M(chair, "BreakSilence"), () => new BreakSilenceRequest
            {
                Name = "silenceProcedures/sum-2022-draft-8-silence", CountryCode = "KAZ", Kind = SilenceBreakKind.Objection, Text = "An objection.",
            }, "KAZ", "EGY", D, A, D, D, U),
            SecretariatOnly(M(chair, "ExtendSilenceProcedure"), () => new ExtendSilenceProcedureRequest { Name = "silenceProcedures/sum-2022-draft-8-silence" }),

            Read(M(papers, "GetPolicyDocument"), () => new GetPolicyDocumentRequest { Name = paperName }),
            Read(M(papers, "ListPolicyDocuments"), () => new ListPolicyDocumentsRequest()),
            Read(M(papers, "GetRevision"), () => new GetRevisionRequest { Name = paperName + "/revisions/1" }),
            Read(M(papers, "SearchPolicyDocuments"), () => new SearchPolicyDocumentsRequest { Query = "transportation corridors" }),
            PaperWrite(M(papers, "CreatePolicyDocument"), () => new CreatePolicyDocumentRequest
            {
                Kind = PolicyDocumentKind.ConceptPaper, PriorityArea = Transport, ProposingCountry = "AZE",
                Content = new RevisionContent { AuthoritativeLanguage = "en", Versions = { new LanguageVersion { Language = "en", Title = "A second transport paper" } } },
            }),
            PaperWrite(M(papers, "UpdatePolicyDocument"), () => new UpdatePolicyDocumentRequest
            {
                Name = paperName, Etag = paperEtag,
                Content = new RevisionContent { AuthoritativeLanguage = "en", Versions = { new LanguageVersion { Language = "en", Title = "A transport paper, revised" } } },
            }),
            PaperWrite(M(papers, "SubmitPolicyDocument"), () => new SubmitPolicyDocumentRequest { Name = paperName, Etag = paperEtag }),
            PaperWrite(M(papers, "WithdrawPolicyDocument"), () => new WithdrawPolicyDocumentRequest { Name = paperName, Etag = paperEtag }),
            SecretariatOnly(M(papers, "ApprovePolicyDocument"), () => new ApprovePolicyDocumentRequest
            {
                Name = paperName, Decision = new DecisionReference { Body = DecisionBody.SeniorOfficialsCommittee, Date = Day(2023, 1, 10) },
            }),
            SecretariatOnly(M(papers, "SupersedePolicyDocument"), () => new SupersedePolicyDocumentRequest { Name = paperName, SupersededBy = paperName }),
            Read(M(papers, "DiffRevisions"), () => new DiffRevisionsRequest { Name = paperName, FromRevision = 1, ToRevision = 1 }),
            Read(M(papers, "ListInitiatives"), () => new ListInitiativesRequest()),
            // The ICT paper's initiatives: their area's coordinators held it for 2022-2023 only, so today only the Secretariat updates them.
            new(M(papers, "UpdateInitiativeStatus"), () => new UpdateInitiativeStatusRequest { Name = ictInitiative.Name, Status = InitiativeStatus.Done, Etag = ictInitiative.Etag },
                "RUS", "EGY", A, D, D, D, U),

            SecretariatOnly(M(AuditTrailService.Descriptor, "ListAuditRecords"), () => new ListAuditRecordsRequest { Service = "membership" }),

            new(M(Health.Descriptor, "Check"), () => new HealthCheckRequest(), "KAZ", "EGY", A, A, A, A, A),
            new(M(Health.Descriptor, "Watch"), () => new HealthCheckRequest(), "KAZ", "EGY", A, A, A, A, A),
        ];
    }

    [Fact]
    public async Task Every_RPC_answers_each_kind_of_caller_as_the_table_says()
    {
        using var data = new TempDirectory();
        await using var host = await PlatformHost.StartAsync(data.Path);
        var invoker = host.Channel.CreateCallInvoker();
        var activity = await host.Client<CbmCoordinationService.CbmCoordinationServiceClient>()
            .ReportActivityAsync(new ReportActivityRequest { Activity = Workshop() }, Callers.MemberState("RUS"));
        // A draft of the transport area's coordinator, for the object-level writes on policy documents.
        // (Concept Papers learns the area and its coordinators from CBM's events: wait for them.)
        var papers = host.Client<ConceptPapersService.ConceptPapersServiceClient>();
        CreatePolicyDocumentResponse? paper = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); paper is null; await Task.Delay(200))
        {
            try
            {
                paper = await papers.CreatePolicyDocumentAsync(new CreatePolicyDocumentRequest
                {
                    Kind = PolicyDocumentKind.ConceptPaper, PriorityArea = Transport, ProposingCountry = "AZE",
                    Content = new RevisionContent { AuthoritativeLanguage = "en", Versions = { new LanguageVersion { Language = "en", Title = "A transport paper" } } },
                }, Callers.MemberState("AZE"));
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied && DateTime.UtcNow < deadline) { }
        }
        var ictInitiative = (await papers.ListInitiativesAsync(new ListInitiativesRequest { PriorityArea = Ict })).Initiatives.First();
        var table = Table(activity.Activity.Name, paper.PolicyDocument.Name, paper.PolicyDocument.Etag, ictInitiative);

        // The table is complete: every method the platform serves has its row (a service merged
        // later fails here until its rows, and README's, are written).
        var served = ServedMethods.Of(host).Select(m => m.FullName).Order().ToList();
        Assert.Equal(served, table.Select(r => r.Method.FullName).Order().ToList());

        var failures = new List<string>();
        var cases = 0;
        foreach (var row in table)
        {
            foreach (var (who, metadata, expected) in new (string, Metadata, Access)[]
            {
                ("secretariat", Callers.Secretariat, row.Secretariat),
                ("member-state/" + row.RightState, Callers.MemberState(row.RightState), row.Right),
                ("member-state/" + row.OtherState, Callers.MemberState(row.OtherState), row.Other),
                ("observer", Callers.Observer, row.Observer),
                ("anonymous", Callers.Anonymous, row.Anonymous),
            })
            {
                cases++;
                var outcome = await RawCalls.CallAsync(invoker, row.Method, row.Request(), metadata, TimeSpan.FromSeconds(5));
                var actual = outcome.Status.StatusCode switch
                {
                    StatusCode.PermissionDenied => Access.Denied,
                    StatusCode.Unauthenticated => Access.Unauthenticated,
                    _ => Access.Allowed,
                };
                output.WriteLine($"{row.Method.FullName,-70} {who,-22} {outcome.Status.StatusCode}");
                if (actual != expected)
                    failures.Add($"{row.Method.FullName} as {who}: expected {expected}, got {outcome.Status.StatusCode} ({outcome.Status.Detail})");
                if (outcome.Status.StatusCode is StatusCode.Internal or StatusCode.Unknown)
                    failures.Add($"{row.Method.FullName} as {who}: {outcome.Status}");
            }
        }
        output.WriteLine($"{cases} cases");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

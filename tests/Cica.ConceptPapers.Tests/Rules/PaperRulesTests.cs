using Cica.ConceptPapers.Coordinators;
using Cica.ConceptPapers.Papers;
using Cica.ConceptPapers.Search;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.Testing;

namespace Cica.ConceptPapers.Tests.Rules;

/// <summary>
/// The rules of policy documents, each branch, on a migrated database file whose read model knows
/// one priority area: Azerbaijan coordinates it from 2022, Russia's term ran 2022-2023. No host, no gRPC.
/// </summary>
public sealed class PaperRulesTests : IAsyncLifetime
{
    private const string Area = "economic-5";
    private static readonly DateOnly Today = new(2024, 6, 1);
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Caller Azerbaijan = Caller.MemberState("AZE");
    private readonly TempDirectory _data = new("cica-papers-rules");
    private ConceptPapersDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await RulesDatabase.CreateAsync(_data.Path, "concept-papers", o => new ConceptPapersDatabase(o));
        await SearchIndex.EnsureAsync(_database, None);
        await Write(async uow =>
        {
            await CoordinatorTerms.RecordAreaAsync(uow, Area, "Development of secure and effective systems of transportation corridors", Now, None);
            await CoordinatorTerms.RecordAssignmentAsync(uow, Papers.Assignment(1, Area, "AZE", Papers.Day(2022, 6, 15)), false, Now, None);
            await CoordinatorTerms.RecordAssignmentAsync(uow, Papers.Assignment(2, Area, "RUS", Papers.Day(2022, 6, 15), Papers.Day(2023, 12, 31)), false, Now, None);
            return true;
        });
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _data.Dispose();
    }

    private Task<T> Write<T>(Func<UnitOfWork, Task<T>> rules) => _database.WriteAsync(rules, None);

    private Task<long> Count(string table) => _database.QuerySingleOrDefaultAsync<long>($"SELECT COUNT(*) FROM {table}", ct: None);

    private static NewDocument Draft(string? area = Area, string paragraph = "Exchange of best practices.") => new()
    {
        Kind = PolicyDocumentKind.ConceptPaper,
        AreaId = area,
        Content = Papers.Content("Concept Paper on Corridors", paragraph),
    };

    private Task<PolicyDocument> Create(Caller caller, NewDocument? draft = null, DateOnly? on = null) =>
        Write(uow => Drafting.CreateAsync(uow, draft ?? Draft(), caller, on ?? Today, Now, None));

    private static long Id(PolicyDocument document) => ResourceNames.DocumentIdOf(document.Name)!.Value;

    private static async Task<T> Refused<T>(string? reason, Func<Task> act) where T : DomainException
    {
        var refusal = await Assert.ThrowsAsync<T>(act);
        Assert.Equal(reason, refusal.Reason);
        return refusal;
    }

    [Fact]
    public async Task A_coordinator_of_the_area_creates_a_draft_proposed_by_itself_with_revision_1()
    {
        var document = await Create(Azerbaijan);
        Assert.Equal((PolicyDocumentStatus.Draft, "AZE", 1, false), (document.Status, document.ProposingCountry, document.CurrentRevision.Number, document.CurrentRevision.Approved));
        Assert.Equal("priorityAreas/economic-5", document.PriorityArea);
    }

    [Fact]
    public async Task A_country_whose_term_has_ended_may_not_create()
    {
        var refusal = await Refused<NotPermittedException>("NOT_A_COORDINATOR", () => Create(Caller.MemberState("RUS")));
        Assert.Equal("2024-06-01", refusal.Metadata["date"]);
        // …but could on a day of its term.
        await Create(Caller.MemberState("RUS"), on: new DateOnly(2023, 12, 31));
    }

    [Fact]
    public async Task A_country_that_never_coordinated_the_area_may_not_create_and_nothing_is_written()
    {
        await Refused<NotPermittedException>("NOT_A_COORDINATOR", () => Create(Caller.MemberState("KAZ")));
        Assert.Equal(0, await Count("policy_documents"));
    }

    [Fact]
    public async Task An_area_the_read_model_does_not_know_is_not_found_even_for_the_Secretariat()
    {
        var refusal = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Create(Caller.Secretariat, Draft("economic-42")));
        Assert.Equal("priorityAreas/economic-42", refusal.ResourceName);
    }

    [Fact]
    public async Task Only_the_Secretariat_writes_documents_of_no_area()
    {
        await Refused<NotPermittedException>("SECRETARIAT_ONLY", () => Create(Azerbaijan, Draft(null)));
        Assert.Equal("", (await Create(Caller.Secretariat, Draft(null))).PriorityArea);
    }

    [Fact]
    public async Task A_member_state_proposes_only_its_own_documents()
    {
        await Refused<NotPermittedException>("PROPOSER_IS_CALLER", () => Create(Azerbaijan, Draft() with { ProposingCountry = "CHN" }));
    }

    [Fact]
    public async Task Every_edit_makes_a_new_revision_and_the_old_one_stays_as_it_was()
    {
        var v1 = await Create(Azerbaijan);
        var v2 = await Write(uow => Drafting.ReviseAsync(uow, Id(v1), v1.Etag, Papers.Content("Concept Paper on Corridors", "Promoting paperless trade."), Azerbaijan, Today, Now, None));
        Assert.Equal(2, v2.CurrentRevision.Number);
        Assert.NotEqual(v1.Etag, v2.Etag);
        var first = await Write(uow => DocumentStore.FindRevisionAsync(uow, Id(v1), 1, None));
        Assert.Equal(v1.CurrentRevision, first!.ToResource());
        Assert.Equal(2, await Count("revisions"));
    }

    [Fact]
    public async Task A_stale_etag_is_refused_and_nothing_changes()
    {
        var v1 = await Create(Azerbaijan);
        await Write(uow => Drafting.ReviseAsync(uow, Id(v1), v1.Etag, Papers.Content("T", "Second."), Azerbaijan, Today, Now, None));
        await Assert.ThrowsAsync<StaleEtagException>(() =>
            Write(uow => Drafting.ReviseAsync(uow, Id(v1), v1.Etag, Papers.Content("T", "Third."), Azerbaijan, Today, Now, None)));
        Assert.Equal(2, await Count("revisions"));
    }

    [Fact]
    public async Task An_approved_revision_can_never_change()
    {
        var draft = await Create(Azerbaijan);
        var approved = (await Write(uow => Approval.ApproveAsync(uow, draft.Name, Papers.Soc(2024, 6, 1, 7), 0, Caller.Secretariat.ToActor(), Now, None))).Document;
        Assert.True(approved.CurrentRevision.Approved);
        Assert.Equal(7, approved.Approval.Item);

        var refusal = await Refused<RuleViolationException>("REVISION_APPROVED", () =>
            Write(uow => Drafting.ReviseAsync(uow, Id(draft), approved.Etag, Papers.Content("T", "Altered."), Caller.Secretariat, Today, Now, None)));
        Assert.Equal($"{draft.Name}/revisions/1", refusal.Metadata["revision"]);
        Assert.Equal(1, await Count("revisions"));
        await Refused<RuleViolationException>("ALREADY_APPROVED", () =>
            Write(uow => Approval.ApproveAsync(uow, draft.Name, Papers.Soc(2024, 6, 2), 0, Caller.Secretariat.ToActor(), Now, None)));
    }

    [Fact]
    public async Task Approval_cites_the_revision_it_approved()
    {
        var draft = await Create(Azerbaijan);
        await Write(uow => Drafting.ReviseAsync(uow, Id(draft), draft.Etag, Papers.Content("T", "Second."), Azerbaijan, Today, Now, None));
        await Refused<RuleViolationException>("REVISION_NOT_CURRENT", () =>
            Write(uow => Approval.ApproveAsync(uow, draft.Name, Papers.Soc(2024, 6, 1), 1, Caller.Secretariat.ToActor(), Now, None)));
        var approved = await Write(uow => Approval.ApproveAsync(uow, draft.Name, Papers.Soc(2024, 6, 1), 2, Caller.Secretariat.ToActor(), Now, None));
        Assert.Equal(2, approved.Document.CurrentRevision.Number);
    }

    [Fact]
    public async Task Approval_turns_the_proposed_initiatives_of_the_authoritative_text_into_initiatives_and_announces_it()
    {
        var content = Papers.Content("Plan", "Objectives.");
        content.Versions[0].Body.Sections.Add(new Section
        {
            Heading = "Proposed initiatives",
            Blocks =
            {
                new Block { Kind = BlockKind.ProposedInitiative, Label = "1.", Text = "Workshop on corridors",
                    Initiative = new ProposedInitiative { Year = 2024, Kind = InitiativeKind.Workshop, Activities = { "activities/7" } } },
                new Block { Kind = BlockKind.ProposedInitiative, Label = "2.", Text = "Expert meeting",
                    Initiative = new ProposedInitiative { Year = 2025, Kind = InitiativeKind.Meeting } },
            },
        });
        var draft = await Create(Azerbaijan, Draft() with { Content = content });
        var outbox = await Count("outbox_messages");
        var outcome = await Write(uow => Approval.ApproveAsync(uow, draft.Name, Papers.Soc(2024, 6, 1), 0, Caller.Secretariat.ToActor(), Now, None));

        Assert.Equal(["Workshop on corridors", "Expert meeting"], outcome.Initiatives.Select(i => i.Title));
        Assert.Equal(["activities/7"], outcome.Initiatives[0].Activities);
        Assert.All(outcome.Initiatives, i => Assert.Equal(InitiativeStatus.Proposed, i.Status));
        Assert.Equal(outbox + 1, await Count("outbox_messages"));

        // Coordinators follow them up; a stale etag is refused.
        var initiative = outcome.Initiatives[0];
        var done = await Write(uow => InitiativeProgress.UpdateStatusAsync(uow, Id(draft), 1, InitiativeStatus.Done, initiative.Etag, Azerbaijan, Today, Now, None));
        Assert.Equal(InitiativeStatus.Done, done.Status);
        await Assert.ThrowsAsync<StaleEtagException>(() =>
            Write(uow => InitiativeProgress.UpdateStatusAsync(uow, Id(draft), 1, InitiativeStatus.NotDone, initiative.Etag, Azerbaijan, Today, Now, None)));
        await Refused<NotPermittedException>("NOT_A_COORDINATOR", () =>
            Write(uow => InitiativeProgress.UpdateStatusAsync(uow, Id(draft), 2, InitiativeStatus.Done, outcome.Initiatives[1].Etag, Caller.MemberState("KAZ"), Today, Now, None)));
    }

    [Fact]
    public async Task Submission_and_withdrawal_follow_the_lifecycle()
    {
        var draft = await Create(Azerbaijan);
        var submitted = await Write(uow => Drafting.SubmitAsync(uow, Id(draft), draft.Etag, Azerbaijan, Today, Now, None));
        Assert.Equal(PolicyDocumentStatus.Submitted, submitted.Status);
        await Refused<RuleViolationException>("NOT_A_DRAFT", () => Write(uow => Drafting.SubmitAsync(uow, Id(draft), submitted.Etag, Azerbaijan, Today, Now, None)));
        var withdrawn = await Write(uow => Drafting.WithdrawAsync(uow, Id(draft), submitted.Etag, Azerbaijan, Today, Now, None));
        Assert.Equal(PolicyDocumentStatus.Withdrawn, withdrawn.Status);
        await Refused<RuleViolationException>("NOT_WITHDRAWABLE", () => Write(uow => Drafting.WithdrawAsync(uow, Id(draft), withdrawn.Etag, Azerbaijan, Today, Now, None)));
        await Refused<RuleViolationException>("DOCUMENT_WITHDRAWN", () =>
            Write(uow => Drafting.ReviseAsync(uow, Id(draft), withdrawn.Etag, Papers.Content("T", "x"), Azerbaijan, Today, Now, None)));
        await Refused<RuleViolationException>("NOT_APPROVABLE", () =>
            Write(uow => Approval.ApproveAsync(uow, draft.Name, Papers.Soc(2024, 6, 1), 0, Caller.Secretariat.ToActor(), Now, None)));
    }

    [Fact]
    public async Task Only_an_approved_document_is_superseded_and_only_by_an_approved_one()
    {
        var old = await Create(Azerbaijan);
        var replacement = await Create(Azerbaijan);
        await Refused<RuleViolationException>("NOT_APPROVED", () =>
            Write(uow => Supersession.SupersedeAsync(uow, Id(old), Id(replacement), old.Etag, Caller.Secretariat, Now, None)));
        var approvedOld = (await Write(uow => Approval.ApproveAsync(uow, old.Name, Papers.Soc(2024, 6, 1), 0, Caller.Secretariat.ToActor(), Now, None))).Document;
        await Refused<RuleViolationException>("REPLACEMENT_NOT_APPROVED", () =>
            Write(uow => Supersession.SupersedeAsync(uow, Id(old), Id(replacement), approvedOld.Etag, Caller.Secretariat, Now, None)));
        await Write(uow => Approval.ApproveAsync(uow, replacement.Name, Papers.Soc(2024, 6, 2), 0, Caller.Secretariat.ToActor(), Now, None));
        var superseded = await Write(uow => Supersession.SupersedeAsync(uow, Id(old), Id(replacement), approvedOld.Etag, Caller.Secretariat, Now, None));
        Assert.Equal((PolicyDocumentStatus.Superseded, replacement.Name, true), (superseded.Status, superseded.SupersededBy, superseded.CurrentRevision.Approved));
    }

    [Fact]
    public async Task Search_finds_the_current_revision_only_in_any_language()
    {
        var draft = await Create(Azerbaijan, Draft() with
        {
            Content = Papers.Content("Concept Paper on Corridors", "Promoting paperless trade at border crossings.",
                "Концепция по коридорам", "Развитие мультимодальных транспортных коридоров."),
        });
        var words = SearchQuery.Parse("paperless trade")!;
        Assert.Single(await SearchIndex.SearchAsync(_database, words, null, 10, None));
        var russian = Assert.Single(await SearchIndex.SearchAsync(_database, SearchQuery.Parse("\"мультимодальных транспортных\"")!, null, 10, None));
        Assert.Equal("ru", russian.Language);
        Assert.Contains("мультимодальных", russian.Passage, StringComparison.Ordinal);

        await Write(uow => Drafting.ReviseAsync(uow, Id(draft), draft.Etag, Papers.Content("Concept Paper on Corridors", "Maritime safety."), Azerbaijan, Today, Now, None));
        Assert.Empty(await SearchIndex.SearchAsync(_database, words, null, 10, None));
        Assert.Single(await SearchIndex.SearchAsync(_database, SearchQuery.Parse("MARITIME")!, "en", 10, None));
        Assert.Empty(await SearchIndex.SearchAsync(_database, SearchQuery.Parse("maritime")!, "ru", 10, None));
    }

    [Fact]
    public async Task A_word_found_in_more_passages_than_the_rank_window_is_ranked_among_the_newest_while_a_rare_word_is_found_anywhere()
    {
        // Passage 1 (the oldest) matches "security" best (it is nothing else) and alone has "paperless";
        // the RankWindow + 100 newer passages each have "security" once among other words.
        var count = SearchIndex.RankWindow + 101;
        await Write(async uow =>
        {
            for (var id = 1; id <= count; id++)
                await uow.ExecuteAsync("""
                    INSERT INTO search_passages (passage_id, document_id, language, section_heading, passage)
                    VALUES (@id, @id, 'en', '', @text)
                    """, new { id, text = id == 1 ? "security paperless" : $"regional security and cooperation, measure {id}" }, None);
            await uow.ExecuteAsync("INSERT INTO search_passages_fts (search_passages_fts) VALUES ('rebuild')", null, None);
            return true;
        });

        var common = await SearchIndex.SearchAsync(_database, SearchQuery.Parse("security")!, null, 50, None);
        Assert.Equal(50, common.Count);
        Assert.All(common, hit => Assert.True(hit.DocumentId > count - SearchIndex.RankWindow, $"document {hit.DocumentId} is older than the window"));
        Assert.Equal(1, Assert.Single(await SearchIndex.SearchAsync(_database, SearchQuery.Parse("paperless security")!, null, 10, None)).DocumentId);
        Assert.Equal(50, (await SearchIndex.SearchAsync(_database, SearchQuery.Parse("security")!, "en", 50, None)).Count);
    }

    [Fact]
    public void A_search_query_is_quoted_so_that_nothing_is_read_as_an_operator()
    {
        var query = SearchQuery.Parse("trade OR NEAR(x) \"");
        Assert.Equal("\"trade\" \"OR\" \"NEAR\" \"x\"", query!.ToFts5());
        Assert.Equal("\"trade\" AND \"OR\" AND \"NEAR\" AND \"x\"", query.ToContainsTable());
        Assert.Equal("\"digital forensics\"", SearchQuery.Parse("\"digital forensics\"")!.ToFts5());
        Assert.Null(SearchQuery.Parse("  ;; "));
    }
}

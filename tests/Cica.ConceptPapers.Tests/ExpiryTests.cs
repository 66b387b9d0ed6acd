using Cica.ConceptPapers.Papers;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// End to end over gRPC, on the seeded platform (one process) with a clock set by the test: the
/// seed's approved 2022-2023 papers read APPROVED until 31 December 2023 ends in Astana and EXPIRED
/// after, by the service's own sweeper (periodically, and at start-up for a period that ended while
/// it was down); superseded, withdrawn, submitted and period-less papers keep their status.
/// </summary>
public sealed class ExpiryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static DateTimeOffset Astana(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(6));

    private static Task<PlatformHost> StartAsync(string data, SetClock clock) => PlatformHost.StartAsync(data,
        new Dictionary<string, string> { [ExpirySweeper.PollIntervalKey] = "00:00:00.2" },
        overrideServices: s => s.AddSingleton<TimeProvider>(clock));

    private static async Task<IReadOnlyList<PolicyDocument>> AllAsync(ConceptPapersService.ConceptPapersServiceClient papers) =>
        (await papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = 100 })).PolicyDocuments;

    private static PolicyDocument Titled(IReadOnlyList<PolicyDocument> documents, string prefix) =>
        documents.Single(d => d.Title.En.StartsWith(prefix, StringComparison.Ordinal));

    private static async Task<PolicyDocument> ReadAsync(ConceptPapersService.ConceptPapersServiceClient papers, string name) =>
        (await papers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = name })).PolicyDocument;

    [Fact]
    public async Task The_seeded_2022_2023_papers_stay_approved_through_31_December_2023_and_expire_after_it_in_Astana()
    {
        using var data = new TempDirectory("cica-papers-expiry");
        var clock = new SetClock(Astana(2023, 12, 31, 23, 58));
        await using var host = await StartAsync(data.Path, clock);
        var papers = host.Client<ConceptPapersService.ConceptPapersServiceClient>();
        var seeded = await AllAsync(papers);
        var transport = Titled(seeded, "Concept Paper on implementation of CICA Confidence Building Measures in the field of Development");
        var ict = Titled(seeded, "Concept Paper and plan of implementation of the CICA confidence-building measure \"Security of and in the use of ICTs\"");
        var human = Single(seeded, d => d.Period is null && d.Status == PolicyDocumentStatus.Approved);
        var plan = Single(seeded, d => d.Kind == PolicyDocumentKind.PlanOfAction);

        // The Secretariat replaces the transport paper with a 2024-2025 one and withdraws a 2022-2023 draft.
        var replacement = (await papers.CreatePolicyDocumentAsync(Draft(2024, 2025), Callers.Secretariat)).PolicyDocument;
        await papers.ApprovePolicyDocumentAsync(new ApprovePolicyDocumentRequest { Name = replacement.Name, Decision = Papers.Soc(2023, 12, 1) }, Callers.Secretariat);
        await papers.SupersedePolicyDocumentAsync(new SupersedePolicyDocumentRequest
        {
            Name = transport.Name, SupersededBy = replacement.Name, Etag = (await ReadAsync(papers, transport.Name)).Etag,
        }, Callers.Secretariat);
        var withdrawn = (await papers.CreatePolicyDocumentAsync(Draft(2022, 2023), Callers.Secretariat)).PolicyDocument;
        await papers.WithdrawPolicyDocumentAsync(new WithdrawPolicyDocumentRequest { Name = withdrawn.Name, Etag = withdrawn.Etag }, Callers.Secretariat);

        // 23:58 on the period's last day in Astana: nothing is due.
        Assert.Equal(0, await host.Services.GetRequiredService<ExpirySweeper>().SweepAsync(CancellationToken.None));
        Assert.Equal(PolicyDocumentStatus.Approved, (await ReadAsync(papers, ict.Name)).Status);

        // Midnight in Astana (still 31 December in UTC): the periodic sweep expires the ICT paper.
        clock.Now = Astana(2024, 1, 1, 0, 1);
        await Eventually.HoldsAsync(async () => (await ReadAsync(papers, ict.Name)).Status == PolicyDocumentStatus.Expired, Patience, "the ICT paper expired");

        var expired = await ReadAsync(papers, ict.Name);
        Assert.Equal((true, ict.CurrentRevision.Versions), (expired.CurrentRevision.Approved, expired.CurrentRevision.Versions)); // the approved text is kept
        Assert.Equal(ict.Approval, expired.Approval);
        Assert.NotEqual(ict.Etag, expired.Etag);
        Assert.Equal(
            [PolicyDocumentStatus.Superseded, PolicyDocumentStatus.Withdrawn, PolicyDocumentStatus.Approved, PolicyDocumentStatus.Approved, PolicyDocumentStatus.Submitted],
            [
                (await ReadAsync(papers, transport.Name)).Status, (await ReadAsync(papers, withdrawn.Name)).Status,
                (await ReadAsync(papers, replacement.Name)).Status, (await ReadAsync(papers, human.Name)).Status, (await ReadAsync(papers, plan.Name)).Status,
            ]);
        var listed = await papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { Status = PolicyDocumentStatus.Expired });
        Assert.Equal([ict.Name], listed.PolicyDocuments.Select(d => d.Name));
    }

    [Fact]
    public async Task A_service_started_after_the_period_ended_expires_the_seeded_papers_at_start_up()
    {
        using var data = new TempDirectory("cica-papers-expiry");
        await using var host = await StartAsync(data.Path, new SetClock(Astana(2024, 3, 1, 12, 0)));
        var papers = host.Client<ConceptPapersService.ConceptPapersServiceClient>();

        await Eventually.HoldsAsync(async () => (await AllAsync(papers)).Count(d => d.Status == PolicyDocumentStatus.Expired) == 2, Patience, "both 2022-2023 papers expired");
        var all = await AllAsync(papers);
        Assert.All(all.Where(d => d.Status == PolicyDocumentStatus.Expired), d => Assert.Equal((2022, 2023), (d.Period.Start.Year, d.Period.End.Year)));
        Assert.Equal(PolicyDocumentStatus.Approved, Single(all, d => d.Period is null && d.Kind == PolicyDocumentKind.ConceptPaper).Status);
        Assert.Equal(PolicyDocumentStatus.Submitted, Single(all, d => d.Kind == PolicyDocumentKind.PlanOfAction).Status);
    }

    private static PolicyDocument Single(IEnumerable<PolicyDocument> documents, Func<PolicyDocument, bool> which) => documents.Single(which);

    // A paper of no priority area (the Secretariat may draft one) for a period of years.
    private static CreatePolicyDocumentRequest Draft(int from, int to) => new()
    {
        Kind = PolicyDocumentKind.ConceptPaper,
        Period = new Period { Start = new CalendarDate { Year = from }, End = new CalendarDate { Year = to } },
        Content = Papers.Content($"Concept Paper for {from}-{to}", "Directions."),
    };

    // The host's clock, set by the test (wall-clock readings only; timers run in real time).
    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        private long _ticks = now.UtcTicks;

        public DateTimeOffset Now
        {
            set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
        }

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
    }
}

using Cica.ConceptPapers.Papers;
using Cica.ConceptPapers.Search;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Callers;
using Cica.Persistence;
using Cica.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cica.ConceptPapers.Tests.Rules;

/// <summary>
/// Expiry of approved documents at the end of their period, in Astana time, on a migrated database
/// file: which documents expire, on which day, the event it raises, and two sweepers over one
/// database expiring each document once. No host, no gRPC.
/// </summary>
public sealed class ExpiryRulesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Recorded = new(2022, 10, 11, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new("cica-papers-expiry");
    private ConceptPapersDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await RulesDatabase.CreateAsync(_data.Path, "concept-papers", o => new ConceptPapersDatabase(o));
        await SearchIndex.EnsureAsync(_database, None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _data.Dispose();
    }

    private Task<T> Write<T>(Func<UnitOfWork, Task<T>> rules) => _database.WriteAsync(rules, None);

    private Task<long> Outbox(string type) => _database.QuerySingleOrDefaultAsync<long>(
        "SELECT COUNT(*) FROM outbox_messages WHERE message_type = @type", new { type }, None);

    private Task<PolicyDocumentStatus> StatusOf(long id) => _database.QuerySingleOrDefaultAsync<PolicyDocumentStatus>(
        "SELECT status FROM policy_documents WHERE document_id = @id", new { id }, None);

    // A document recorded as submitted and, unless told otherwise, approved.
    private async Task<long> Recorded_(Period? period, bool approve = true)
    {
        var document = new NewDocument { Kind = PolicyDocumentKind.ConceptPaper, Period = period, Content = Papers.Content("Concept Paper on Corridors", "Directions.") };
        var (row, _) = await Write(uow => Drafting.RecordAsync(uow, document, PolicyDocumentStatus.Submitted, Caller.Secretariat, Recorded, None));
        if (approve) await Write(uow => Approval.ApproveAsync(uow, row.Name, Papers.Soc(2022, 10, 11), 0, Caller.Secretariat.ToActor(), Recorded, None));
        return row.DocumentId;
    }

    private static Period Years(int from, int to) => new() { Start = new CalendarDate { Year = from }, End = new CalendarDate { Year = to } };

    // 1 January 2024 00:00 in Astana was 31 December 2023 18:00 UTC (UTC+6 then).
    private static DateTimeOffset AstanaMidnight2024 => new(2023, 12, 31, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_approved_paper_for_2022_2023_expires_on_1_January_2024_in_Astana_not_before()
    {
        var paper = await Recorded_(Years(2022, 2023));

        var lastMinute = AstanaMidnight2024.AddMinutes(-1); // 23:59 on 31 December 2023 in Astana
        Assert.Equal(new DateOnly(2023, 12, 31), Cica.Domain.Time.AstanaTime.Today(new SetClock(lastMinute)));
        Assert.Empty(await Expiry.DueAsync(_database, new DateOnly(2023, 12, 31), None));
        Assert.False(await Write(uow => Expiry.ExpireAsync(uow, paper, new DateOnly(2023, 12, 31), lastMinute, None)));
        Assert.Equal(PolicyDocumentStatus.Approved, await StatusOf(paper));

        Assert.Equal(new DateOnly(2024, 1, 1), Cica.Domain.Time.AstanaTime.Today(new SetClock(AstanaMidnight2024)));
        Assert.Equal([paper], await Expiry.DueAsync(_database, new DateOnly(2024, 1, 1), None));
        var before = await Outbox(PolicyDocumentExpired.Descriptor.FullName);
        Assert.True(await Write(uow => Expiry.ExpireAsync(uow, paper, new DateOnly(2024, 1, 1), AstanaMidnight2024, None)));
        Assert.Equal(PolicyDocumentStatus.Expired, await StatusOf(paper));
        Assert.Equal(before + 1, await Outbox(PolicyDocumentExpired.Descriptor.FullName));

        // Once is enough: a second pass finds nothing to do and announces nothing.
        Assert.False(await Write(uow => Expiry.ExpireAsync(uow, paper, new DateOnly(2024, 1, 2), AstanaMidnight2024.AddDays(1), None)));
        Assert.Equal(before + 1, await Outbox(PolicyDocumentExpired.Descriptor.FullName));
    }

    [Fact]
    public async Task Only_approved_papers_with_a_period_expire_and_their_approved_text_is_kept()
    {
        var approved = await Recorded_(Years(2022, 2023));
        var submitted = await Recorded_(Years(2022, 2023), approve: false);
        var withoutPeriod = await Recorded_(null);
        var current = await Recorded_(Years(2024, 2025));
        var superseded = await Recorded_(Years(2022, 2023));
        await Write(async uow =>
        {
            var row = (await DocumentStore.FindAsync(uow, superseded, None))!;
            return await Supersession.SupersedeAsync(uow, superseded, current, Cica.Domain.Etags.Of(row.Version), Caller.Secretariat, Recorded, None);
        });

        var today = new DateOnly(2024, 6, 1);
        Assert.Equal([approved], await Expiry.DueAsync(_database, today, None));
        foreach (var id in new[] { submitted, withoutPeriod, current, superseded })
            Assert.False(await Write(uow => Expiry.ExpireAsync(uow, id, today, AstanaMidnight2024, None)));
        Assert.True(await Write(uow => Expiry.ExpireAsync(uow, approved, today, AstanaMidnight2024, None)));

        Assert.Equal(
            [PolicyDocumentStatus.Expired, PolicyDocumentStatus.Submitted, PolicyDocumentStatus.Approved, PolicyDocumentStatus.Approved, PolicyDocumentStatus.Superseded],
            [await StatusOf(approved), await StatusOf(submitted), await StatusOf(withoutPeriod), await StatusOf(current), await StatusOf(superseded)]);
        var revision = await _database.QuerySingleOrDefaultAsync<long>(
            "SELECT approved FROM revisions WHERE document_id = @approved AND number = 1", new { approved }, None);
        Assert.Equal(1, revision);
    }

    [Fact]
    public async Task Two_sweepers_over_one_database_expire_each_paper_once()
    {
        var papers = new List<long>();
        for (var i = 0; i < 6; i++) papers.Add(await Recorded_(Years(2022, 2023)));
        await using var other = await RulesDatabase.CreateAsync(_data.Path, "concept-papers", o => new ConceptPapersDatabase(o));
        var clock = new SetClock(AstanaMidnight2024.AddHours(1));
        var before = await Outbox(PolicyDocumentExpired.Descriptor.FullName);

        var counts = await Task.WhenAll(Sweeper(_database, clock).SweepAsync(None), Sweeper(other, clock).SweepAsync(None));

        Assert.Equal(papers.Count, counts.Sum());
        Assert.Equal(before + papers.Count, await Outbox(PolicyDocumentExpired.Descriptor.FullName));
        foreach (var id in papers) Assert.Equal(PolicyDocumentStatus.Expired, await StatusOf(id));
        Assert.Equal(0, await Sweeper(other, clock).SweepAsync(None)); // and again after a restart: nothing left
    }

    private static ExpirySweeper Sweeper(ConceptPapersDatabase database, TimeProvider clock) =>
        new(database, clock, new ConfigurationBuilder().Build(), NullLogger<ExpirySweeper>.Instance);

    private sealed class SetClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

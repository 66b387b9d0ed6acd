using System.Text.RegularExpressions;
using Cica.ConceptPapers.Search;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Persistence.Dialects;
using Cica.Persistence.Migrations;
using Cica.Testing;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// SQL Server without a SQL Server: the service's schema, the full-text statements written for SQL
/// Server (catalog, index, CONTAINSTABLE) and every portable statement the service emitted while its
/// seed loaded and its methods were called on SQLite parse as T-SQL (ScriptDom, SQL Server 2022).
/// </summary>
public sealed partial class SqlServerStatementTests
{
    private static IReadOnlyList<string> ParseErrors(string batch)
    {
        var problems = Token().Matches(batch).Select(t => $"dialect token {t.Value} was left unrendered").ToList();
        // Dapper expands "IN @ids" on the client.
        var sent = Regex.Replace(batch, @"\bIN\s+(@\w+)", "IN ($1_1, $1_2)", RegexOptions.IgnoreCase);
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sent), out var errors);
        problems.AddRange(errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}"));
        return problems;
    }

    private static void AssertParses(IEnumerable<(string Name, string Sql)> statements)
    {
        var failures = statements.Select(s => (s.Name, s.Sql, Errors: ParseErrors(s.Sql))).Where(s => s.Errors.Count > 0).ToList();
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Select(f => $"--- {f.Name}\n    {string.Join("\n    ", f.Errors)}\n{f.Sql}")));
    }

    [Fact]
    public void The_schema_rendered_for_SQL_Server_parses()
    {
        var migrations = Migration.FromAssembly(typeof(ConceptPapersModule).Assembly, ConceptPapersModule.ServiceName);
        Assert.NotEmpty(migrations);
        AssertParses(migrations.Select(m => (m.Name, SqlServerDialect.Instance.Render(m.Sql))));
    }

    [Fact]
    public void The_full_text_statements_written_for_SQL_Server_parse() =>
        AssertParses([
            ("full-text catalog and index", SearchIndex.SqlServerCreate),
            ("CONTAINSTABLE search", SearchIndex.SqlServerSearch(byLanguage: false)),
            ("CONTAINSTABLE search in one language", SearchIndex.SqlServerSearch(byLanguage: true)),
        ]);

    [Fact]
    public void A_statement_that_is_not_T_SQL_is_caught() =>
        Assert.NotEmpty(ParseErrors(SearchIndex.SqliteWindow(byLanguage: false)));

    [Fact]
    public async Task Every_statement_the_service_emits_while_seeding_and_serving_parses_as_T_SQL()
    {
        using var data = new TempDirectory("cica-papers-sql");
        var recorder = StatementRecorder.Start();
        await using (var host = await PlatformHost.StartAsync(data.Path, overrideServices: services =>
        {
            services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<AttachRecorder>(recorder));
            services.AddSingleton<TimeProvider>(new SeedPeriodClock()); // the seeded papers still approved
        }))
        {
            var papers = host.Client<ConceptPapersService.ConceptPapersServiceClient>();
            await WalkAsync(papers);
        }
        var templates = recorder.Templates;
        foreach (var fragment in new[] { "INSERT INTO policy_documents", "UPDATE policy_documents", "INSERT INTO revisions", "UPDATE revisions",
                     "INSERT INTO initiatives", "UPDATE initiatives", "INSERT INTO search_passages", "DELETE FROM search_passages",
                     "INSERT INTO coordinator_terms", "INSERT INTO known_priority_areas", "FROM policy_documents", "FROM initiatives",
                     "proposing_country = @proposingCountry" })
            Assert.Contains(templates, t => t.Contains(fragment, StringComparison.Ordinal));
        AssertParses(templates.Select(t => (t.Trim().Split('\n')[0], SqlServerDialect.Instance.Render(t))));
    }

    // Every method, and every filter of the lists.
    private static async Task WalkAsync(ConceptPapersService.ConceptPapersServiceClient papers)
    {
        var secretariat = Callers.Secretariat;
        var draft = (await Arrival.SucceedsAsync(() => papers.CreatePolicyDocumentAsync(Papers.Draft("priorityAreas/economic-5"), Callers.MemberState("AZE")).ResponseAsync,
            TimeSpan.FromSeconds(30))).PolicyDocument;
        var edited = (await papers.UpdatePolicyDocumentAsync(new UpdatePolicyDocumentRequest { Name = draft.Name, Etag = draft.Etag, Content = Papers.Content("T", "Second.") }, secretariat)).PolicyDocument;
        var submitted = (await papers.SubmitPolicyDocumentAsync(new SubmitPolicyDocumentRequest { Name = draft.Name, Etag = edited.Etag }, secretariat)).PolicyDocument;
        await papers.ApprovePolicyDocumentAsync(new ApprovePolicyDocumentRequest { Name = draft.Name, Decision = Papers.Soc(2024, 1, 1) }, secretariat);
        var other = (await papers.CreatePolicyDocumentAsync(Papers.Draft("priorityAreas/economic-5"), secretariat)).PolicyDocument;
        await papers.WithdrawPolicyDocumentAsync(new WithdrawPolicyDocumentRequest { Name = other.Name, Etag = other.Etag }, secretariat);
        var approved = (await papers.GetPolicyDocumentAsync(new GetPolicyDocumentRequest { Name = draft.Name })).PolicyDocument;
        var seeded = (await papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { Status = PolicyDocumentStatus.Approved })).PolicyDocuments[0];
        await papers.SupersedePolicyDocumentAsync(new SupersedePolicyDocumentRequest { Name = seeded.Name, SupersededBy = approved.Name, Etag = seeded.Etag }, secretariat);
        await papers.GetRevisionAsync(new GetRevisionRequest { Name = $"{draft.Name}/revisions/1" });
        await papers.DiffRevisionsAsync(new DiffRevisionsRequest { Name = draft.Name, FromRevision = 1, ToRevision = 2 });
        await papers.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = "terrorism" });
        var initiatives = (await papers.ListInitiativesAsync(new ListInitiativesRequest { PageSize = 1 })).Initiatives;
        await papers.UpdateInitiativeStatusAsync(new UpdateInitiativeStatusRequest { Name = initiatives[0].Name, Status = InitiativeStatus.Done, Etag = initiatives[0].Etag }, secretariat);

        var periods = new[] { null, new Contracts.Common.V1.Period { Start = new Contracts.Common.V1.CalendarDate { Year = 2023 } } };
        foreach (var area in new[] { "", "priorityAreas/human" })
            foreach (var status in new[] { PolicyDocumentStatus.Unspecified, PolicyDocumentStatus.Approved })
                foreach (var period in periods)
                    foreach (var kind in new[] { PolicyDocumentKind.Unspecified, PolicyDocumentKind.ConceptPaper })
                        foreach (var language in new[] { "", "ru" })
                            foreach (var country in new[] { "", "AZE" })
                            {
                                var request = new ListPolicyDocumentsRequest { PriorityArea = area, Status = status, Period = period, Kind = kind, Language = language, ProposingCountry = country, PageSize = 1 };
                                var page = await papers.ListPolicyDocumentsAsync(request);
                                if (page.NextPageToken.Length > 0)
                                    await papers.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest(request) { PageToken = page.NextPageToken });
                            }
        foreach (var document in new[] { "", draft.Name })
            foreach (var area in new[] { "", "priorityAreas/new-challenges-and-threats-3" })
                foreach (var status in new[] { InitiativeStatus.Unspecified, InitiativeStatus.Proposed })
                {
                    var page = await papers.ListInitiativesAsync(new ListInitiativesRequest { PolicyDocument = document, PriorityArea = area, Status = status, PageSize = 1 });
                    if (page.NextPageToken.Length > 0)
                        await papers.ListInitiativesAsync(new ListInitiativesRequest { PolicyDocument = document, PriorityArea = area, Status = status, PageSize = 1, PageToken = page.NextPageToken });
                }
        _ = submitted;
    }

    [GeneratedRegex(@"\{(text|blob|autoid|limit)\}")]
    private static partial Regex Token();

    // Makes the recorder active in the flow of every call the platform serves.
    private sealed class AttachRecorder(StatementRecorder recorder) : Interceptor
    {
        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
            UnaryServerMethod<TRequest, TResponse> continuation)
        {
            recorder.Attach();
            return continuation(request, context);
        }
    }
}

using System.Text;
using Cica.Chairmanship.Storage;
using Cica.Contracts.Chairmanship.V1;
using Cica.Persistence.Dialects;
using Cica.Persistence.Migrations;
using Cica.Testing;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Cica.Chairmanship.Tests;

/// <summary>
/// The service's SQL is portable: its migrations and every statement it emitted while serving its
/// calls, its seed and its sweeper on SQLite, rendered for SQL Server, parse as T-SQL 160.
/// </summary>
public sealed class SqlServerPortabilityTests
{
    [Fact]
    public void Every_migration_rendered_for_SQL_Server_parses()
    {
        var migrations = Migration.FromAssembly(typeof(ChairmanshipModule).Assembly, ChairmanshipModule.ServiceName);
        Assert.NotEmpty(migrations);
        AssertParses(migrations.Select(m => ($"{m.Version:D4}_{m.Name}", SqlServerDialect.Instance.Render(m.Sql))));
    }

    [Fact]
    public async Task Every_statement_emitted_while_serving_renders_to_T_SQL()
    {
        using var data = new TempDirectory("cica-chair-test");
        var clock = new SetClock(Seeded.BeforeDeadline);
        var recorder = StatementRecorder.Start();
        await using (var host = await PlatformHost.StartAsync(data.Path, Seeded.Settings(), overrideServices: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<AttachRecorder>(recorder));
        }))
        {
            var chair = host.Chair();
            await chair.ListDecisionsAsync(new ListDecisionsRequest { PageSize = 2 });
            var page = await chair.ListDecisionsAsync(new ListDecisionsRequest { State = DecisionState.Adopted, PageSize = 1 });
            await chair.ListDecisionsAsync(new ListDecisionsRequest { State = DecisionState.Adopted, PageSize = 1, PageToken = page.NextPageToken });
            await chair.ListMeetingsAsync(new ListMeetingsRequest { Kind = MeetingKind.Soc });
            await chair.ListChairmanshipTermsAsync(new ListChairmanshipTermsRequest { PageSize = 1 });
            await chair.GetChairAsync(new GetChairRequest { AsOf = Seeded.Day(2021, 1, 1) });
            await chair.BreakSilenceAsync(new BreakSilenceRequest { Name = Seeded.Silence8, CountryCode = "IND", Kind = SilenceBreakKind.Amendment, Text = "Amend." },
                Callers.MemberState("IND"));
            clock.Now = Seeded.AfterDeadline;
            await Seeded.UntilAsync(() => host.DecisionAsync(Seeded.Draft8), d => d.State != DecisionState.UnderSilence, "the conclusion");
            await chair.AdoptDecisionAsync(new AdoptDecisionRequest { Name = Seeded.Draft7, AdoptedOn = Seeded.Day(2022, 10, 13) }, Callers.Secretariat);
        }

        var templates = recorder.Templates.Where(t => Tables(t)).ToList();
        Assert.Contains(templates, t => t.Contains("WHERE state = @state AND deadline_utc <= @now", StringComparison.Ordinal));
        Assert.Contains(templates, t => t.Contains("UPDATE silence_procedures", StringComparison.Ordinal));
        AssertParses(templates.Select(t => (t.Split('\n')[0], SqlServerDialect.Instance.Render(t))));
    }

    private static bool Tables(string template) =>
        new[] { "chair_terms", "meetings", "decisions", "silence_procedures" }.Any(t => template.Contains(t, StringComparison.Ordinal))
        && !template.Contains("CREATE ", StringComparison.Ordinal);

    private static void AssertParses(IEnumerable<(string Name, string Sql)> statements)
    {
        var report = new StringBuilder();
        foreach (var (name, sql) in statements)
        {
            new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out var errors);
            foreach (var error in errors) report.AppendLine($"{name}: line {error.Line}: {error.Message}\n{sql}");
            if (sql.Contains('{')) report.AppendLine($"{name}: a dialect token was left unrendered\n{sql}");
        }
        Assert.True(report.Length == 0, report.ToString());
    }

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

using System.Text.RegularExpressions;
using Cica.Persistence.Dialects;
using Cica.Testing;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Cica.Persistence.Tests;

/// <summary>
/// The statements the platform actually emits: after a walk over every storage path and every filter
/// combination of every List on a fresh SQLite platform, each template this test's platform rendered
/// (recorded for this run alone) is rendered for SQL Server and must parse as T-SQL.
/// </summary>
public sealed class EmittedStatementTests(ITestOutputHelper output)
{
    // Each is a fragment of a template the walk must have emitted; without them the test could pass on
    // an empty or partial list.
    private static readonly string[] MustHaveEmitted =
    [
        "INSERT INTO outbox_messages", "FROM outbox_messages WHERE lease_until < @Now ORDER BY +sequence {limit}", "DELETE FROM outbox_messages",
        "INSERT INTO inbox_messages", "INSERT INTO request_log", "FROM request_log WHERE",
        "INSERT INTO schema_migrations", "CREATE TABLE accession_applications", "CREATE TABLE coordinator_assignments",
        "UPDATE accession_applications", "INSERT INTO member_states", "UPDATE known_member_states",
        "UPDATE coordinator_assignments", "INSERT INTO activities", "UPDATE activities", "UPDATE sequences",
        "WHERE a.area_id IN @areaIds",
    ];

    // Every keyset-paged list: its SELECT ends in {limit}.
    private static readonly string[] PagedTables =
    [
        "member_states", "observers", "accession_applications", "dimensions", "priority_areas", "coordinator_assignments",
        "activities", "outbox_messages",
    ];

    [Fact]
    public async Task Every_statement_emitted_while_serving_every_call_and_filter_combination_parses_as_T_SQL()
    {
        using var data = new TempDirectory("cica-persistence-test");
        // Records what this test's platform renders, and nothing another test renders meanwhile: its
        // startup, migrations, seeding and background work run in this flow; each call it serves is
        // attached by the interceptor (Kestrel accepts connections on threads of its own).
        var recorder = StatementRecorder.Start();
        await using (var host = await PlatformHost.StartAsync(data.Path, overrideServices: services =>
            services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<AttachRecorder>(recorder))))
        {
            await StoragePaths.WalkAsync(host);
            await ListFilterCombinations.CallAllAsync(host);
            // The relay deletes a row after the broker's confirm, a moment after the consumer may have run.
            await WaitUntilEmittedAsync(recorder, "DELETE FROM outbox_messages");
        }

        var templates = recorder.Templates;

        Assert.All(MustHaveEmitted, fragment => Assert.Contains(templates, t => t.Contains(fragment, StringComparison.Ordinal)));
        Assert.All(PagedTables, table => Assert.Contains(templates, t => t.Contains($"FROM {table}", StringComparison.Ordinal) && t.Contains("{limit}", StringComparison.Ordinal)));
        // Every filter combination of every List produced its own WHERE clause.
        var variants = ListFilterCombinations.Variants.ToDictionary(v => v.Key, v => WhereVariants(templates, v.Key));
        foreach (var (table, where) in variants) output.WriteLine($"{table}: {where.Count} WHERE variants");
        Assert.All(ListFilterCombinations.Variants, v => Assert.True(variants[v.Key].Count == v.Value,
            $"{v.Key}: expected {v.Value} WHERE variants, emitted {variants[v.Key].Count}:\n  " + string.Join("\n  ", variants[v.Key])));
        // SQLite's own statements (PRAGMAs, the history table's CREATE TABLE IF NOT EXISTS) are run by the
        // dialect without rendering, so they must never be among the templates.
        Assert.DoesNotContain(templates, t => t.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(templates, t => t.Contains("IF NOT EXISTS", StringComparison.OrdinalIgnoreCase));

        output.WriteLine($"{templates.Count} statements checked:");
        foreach (var template in templates.Order(StringComparer.Ordinal)) output.WriteLine("  " + Name(template));
        TSql.AssertParses(templates.Select(t => (Name(t), SqlServerDialect.Instance.Render(t))));
    }

    // The distinct WHERE clauses ("" for none) of the keyset-paged SELECTs from the table.
    private static List<string> WhereVariants(IEnumerable<string> templates, string table) =>
    [
        .. templates
            .Where(t => Regex.IsMatch(t, $@"\bFROM {table}\b") && t.Contains("{limit}", StringComparison.Ordinal))
            .Select(t => Regex.Match(t, @"\bWHERE\b(?<where>.*?)\bORDER BY\b", RegexOptions.Singleline) is { Success: true } m
                ? Regex.Replace(m.Groups["where"].Value, @"\s+", " ").Trim()
                : "")
            .Distinct(StringComparer.Ordinal),
    ];

    private static async Task WaitUntilEmittedAsync(StatementRecorder recorder, string fragment)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!recorder.Templates.Any(t => t.Contains(fragment, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No statement containing '{fragment}' was emitted.");
            await Task.Delay(50);
        }
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

    // The first line that says what the statement does, for the failure report.
    private static string Name(string template) =>
        template.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)) ?? template;
}

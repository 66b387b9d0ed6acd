using Cica.Persistence.Dialects;
using Cica.Testing;
using Xunit.Abstractions;

namespace Cica.Persistence.Tests;

/// <summary>
/// The statements the platform actually emits: after a walk over every storage path on SQLite, each
/// template the SQLite dialect rendered is rendered for SQL Server and must parse as T-SQL.
/// </summary>
public sealed class EmittedStatementTests(ITestOutputHelper output)
{
    // Each is a fragment of a template the walk must have emitted; without them the test could pass on
    // an empty or partial list.
    private static readonly string[] MustHaveEmitted =
    [
        "INSERT INTO outbox_messages", "FROM outbox_messages WHERE lease_until < @Now ORDER BY sequence {limit}", "DELETE FROM outbox_messages",
        "INSERT INTO inbox_messages", "INSERT INTO request_log", "FROM request_log WHERE",
        "INSERT INTO schema_migrations", "CREATE TABLE accession_applications", "CREATE TABLE coordinator_assignments",
        "UPDATE accession_applications", "INSERT INTO member_states", "UPDATE member_states",
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
    public async Task Every_statement_emitted_while_serving_every_call_parses_as_T_SQL()
    {
        using var data = new TempDirectory("cica-persistence-test");
        await using (var host = await PlatformHost.StartAsync(data.Path))
        {
            await StoragePaths.WalkAsync(host);
            // The relay deletes a row after the broker's confirm, a moment after the consumer may have run.
            await WaitUntilEmittedAsync("DELETE FROM outbox_messages");
        }

        var templates = SqliteDialect.Instance.RenderedTemplates;

        Assert.All(MustHaveEmitted, fragment => Assert.Contains(templates, t => t.Contains(fragment, StringComparison.Ordinal)));
        Assert.All(PagedTables, table => Assert.Contains(templates, t => t.Contains($"FROM {table}", StringComparison.Ordinal) && t.Contains("{limit}", StringComparison.Ordinal)));
        // SQLite's own statements (PRAGMAs, the history table's CREATE TABLE IF NOT EXISTS) are run by the
        // dialect without rendering, so they must never be among the templates.
        Assert.DoesNotContain(templates, t => t.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(templates, t => t.Contains("IF NOT EXISTS", StringComparison.OrdinalIgnoreCase));

        output.WriteLine($"{templates.Count} statements checked:");
        foreach (var template in templates.Order(StringComparer.Ordinal)) output.WriteLine("  " + Name(template));
        TSql.AssertParses(templates.Select(t => (Name(t), SqlServerDialect.Instance.Render(t))));
    }

    private static async Task WaitUntilEmittedAsync(string fragment)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!SqliteDialect.Instance.RenderedTemplates.Any(t => t.Contains(fragment, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No statement containing '{fragment}' was emitted.");
            await Task.Delay(50);
        }
    }

    // The first line that says what the statement does, for the failure report.
    private static string Name(string template) =>
        template.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("--", StringComparison.Ordinal)) ?? template;
}

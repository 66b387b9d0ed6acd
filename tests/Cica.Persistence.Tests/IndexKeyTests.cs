using Cica.CbmCoordination;
using Cica.ConceptPapers;
using Cica.Membership;
using Cica.Messaging;
using Cica.Persistence.Dialects;
using Cica.Persistence.Migrations;
using Xunit.Abstractions;

namespace Cica.Persistence.Tests;

/// <summary>
/// Every key of every service database fits SQL Server: no {text} or {blob} (MAX) column in a primary
/// key, unique constraint or index, and no key wider than SQL Server allows.
/// </summary>
public sealed class IndexKeyTests(ITestOutputHelper output)
{
    public static TheoryData<string> Services => new() { MembershipModule.ServiceName, CbmCoordinationModule.ServiceName, ConceptPapersModule.ServiceName };

    // A service database's schema as SQL Server builds it: the history table, then the migrations in
    // the order PersistenceRegistration.AddDatabase registers them.
    private static IEnumerable<string> SchemaOf(string service)
    {
        yield return MigrationRunner.HistoryTableSql(SqlServerDialect.Instance);
        var assembly = service switch
        {
            MembershipModule.ServiceName => typeof(MembershipModule).Assembly,
            ConceptPapersModule.ServiceName => typeof(ConceptPapersModule).Assembly,
            _ => typeof(CbmCoordinationModule).Assembly,
        };
        var migrations = Migration.FromAssembly(typeof(Database).Assembly, "persistence")
            .Concat(Migration.FromAssembly(MessagingRegistration.Migrations.Assembly, MessagingRegistration.Migrations.Module))
            .Concat(Migration.FromAssembly(assembly, service));
        foreach (var migration in migrations) yield return SqlServerDialect.Instance.Render(migration.Sql);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_key_of_a_service_database_fits_SQL_Server(string service)
    {
        var keys = SqlServerKeys.Of(SchemaOf(service));
        foreach (var key in keys) output.WriteLine($"{key.Table}.{key.Name} ({string.Join(", ", key.Columns.Select(c => c.Column))})");

        Assert.Contains(keys, k => k.Table == "outbox_messages" && k.IsPrimaryKey); // the {autoid} column
        Assert.Contains(keys, k => k.Table == "request_log" && k.IsPrimaryKey && k.Columns.Count == 2);
        Assert.Empty(keys.Select(k => k.Problem()).OfType<string>());
    }

    [Theory]
    [InlineData("CREATE TABLE concept_papers (paper_id NVARCHAR(MAX) NOT NULL PRIMARY KEY);")]
    [InlineData("CREATE TABLE concept_papers (paper_id INT NOT NULL, body NVARCHAR(MAX) NULL); CREATE INDEX ix_body ON concept_papers (body);")]
    [InlineData("CREATE TABLE concept_papers (a NVARCHAR(300) NOT NULL, b NVARCHAR(200) NOT NULL, PRIMARY KEY (a, b));")]
    public void A_key_SQL_Server_would_refuse_is_found(string script) =>
        Assert.NotEmpty(SqlServerKeys.Of([script]).Select(k => k.Problem()).OfType<string>());
}

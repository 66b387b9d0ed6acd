using Cica.CbmCoordination;
using Cica.ConceptPapers;
using Cica.Membership;
using Cica.Messaging;
using Cica.Persistence.Dialects;
using Cica.Persistence.Migrations;

namespace Cica.Persistence.Tests;

/// <summary>Every schema change of every module, rendered for SQL Server, is T-SQL.</summary>
public sealed class MigrationParseTests
{
    public static TheoryData<string> Modules => new() { "persistence", "messaging", MembershipModule.ServiceName, CbmCoordinationModule.ServiceName, ConceptPapersModule.ServiceName };

    // The modules as the services register them (PersistenceRegistration.AddDatabase).
    private static IReadOnlyList<Migration> MigrationsOf(string module) => module switch
    {
        "persistence" => Migration.FromAssembly(typeof(Database).Assembly, module),
        "messaging" => Migration.FromAssembly(MessagingRegistration.Migrations.Assembly, MessagingRegistration.Migrations.Module),
        MembershipModule.ServiceName => Migration.FromAssembly(typeof(MembershipModule).Assembly, module),
        CbmCoordinationModule.ServiceName => Migration.FromAssembly(typeof(CbmCoordinationModule).Assembly, module),
        ConceptPapersModule.ServiceName => Migration.FromAssembly(typeof(ConceptPapersModule).Assembly, module),
        _ => throw new ArgumentOutOfRangeException(nameof(module), module, null),
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public void Every_migration_rendered_for_SQL_Server_parses(string module)
    {
        var migrations = MigrationsOf(module);

        Assert.NotEmpty(migrations);
        TSql.AssertParses(migrations.Select(m => ($"{m.Module} {m.Version:D4}_{m.Name}", SqlServerDialect.Instance.Render(m.Sql))));
    }

    [Fact]
    public void The_outbox_statements_of_the_republish_window_rendered_for_SQL_Server_parse() =>
        TSql.AssertParses(Cica.Messaging.Outbox.RepublishStatements.All.Select(s => (s.Name, SqlServerDialect.Instance.Render(s.Sql))));

    [Fact]
    public void The_SQL_Server_statements_written_in_the_dialect_itself_parse() =>
        TSql.AssertParses([
            ("schema_migrations history table", MigrationRunner.HistoryTableSql(SqlServerDialect.Instance)),
            ("write lock", SqlServerDialect.TakeWriteLock),
        ]);
}

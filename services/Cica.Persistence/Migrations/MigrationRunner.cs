using Cica.Persistence.Dialects;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Cica.Persistence.Migrations;

/// <summary>
/// Brings a database's schema up to date at start-up: applies, each in its own transaction, the
/// migrations not yet recorded in <c>schema_migrations</c>. A crash mid-way leaves the database
/// at the last complete migration; the next start goes on from there.
/// </summary>
public static class MigrationRunner
{
    private const string CreateHistory = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            module NVARCHAR(50) NOT NULL,
            version INT NOT NULL,
            name NVARCHAR(200) NOT NULL,
            applied_at NVARCHAR(40) NOT NULL,
            PRIMARY KEY (module, version)
        );
        """;

    private const string CreateHistorySqlServer = """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
        CREATE TABLE schema_migrations (
            module NVARCHAR(50) NOT NULL,
            version INT NOT NULL,
            name NVARCHAR(200) NOT NULL,
            applied_at NVARCHAR(40) NOT NULL,
            PRIMARY KEY (module, version)
        );
        """;

    /// <summary>
    /// The statement creating the migration history table if it is missing, in the dialect's own SQL:
    /// "IF NOT EXISTS" has no portable spelling, so this statement is not rendered from a template.
    /// </summary>
    public static string HistoryTableSql(SqlDialect dialect) =>
        dialect.Provider == DatabaseProvider.SqlServer ? CreateHistorySqlServer : CreateHistory;

    /// <summary>Applies the pending migrations, returning how many were applied.</summary>
    public static async Task<int> MigrateAsync(Database database, IEnumerable<Migration> migrations, ILogger logger, CancellationToken ct)
    {
        await using (var connection = await database.OpenAsync(ct, forWriting: true))
        {
            await database.Dialect.PrepareDatabaseAsync(connection, ct);
            await connection.ExecuteAsync(new CommandDefinition(HistoryTableSql(database.Dialect), cancellationToken: ct));
        }

        var applied = 0;
        foreach (var migration in migrations)
        {
            var appliedNow = await database.WriteAsync(async uow =>
            {
                var done = await uow.QuerySingleOrDefaultAsync<int?>(
                    "SELECT version FROM schema_migrations WHERE module = @Module AND version = @Version",
                    new { migration.Module, migration.Version }, ct);
                if (done is not null) return false;

                logger.LogInformation("Applying migration {Module} {Version:D4}_{Name} to {Service}",
                    migration.Module, migration.Version, migration.Name, database.Options.ServiceName);
                await uow.ExecuteAsync(migration.Sql, ct: ct);
                await uow.ExecuteAsync(
                    "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (@Module, @Version, @Name, @AppliedAt)",
                    new { migration.Module, migration.Version, migration.Name, AppliedAt = DateTimeOffset.UtcNow.ToString("O") }, ct);
                return true;
            }, ct);
            if (appliedNow) applied++;
        }
        return applied;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cica.Persistence.Migrations;

/// <summary>
/// At start-up, in the background so the server already answers health checks (NOT_SERVING):
/// migrates the service's schema, loads its seed data the first time, then marks it ready.
/// </summary>
public sealed class DatabaseStartup<TDatabase>(
    TDatabase database,
    MigrationSet<TDatabase> migrations,
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseStartup<TDatabase>> logger) : BackgroundService where TDatabase : Database
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var name = database.Options.ServiceName;
        try
        {
            int applied;
            using (DatabaseTelemetry.StartRoot("migrate " + name, database))
                applied = await MigrationRunner.MigrateAsync(database, migrations.Migrations, logger, stoppingToken);
            logger.LogInformation("{Service} schema is up to date ({Applied} migrations applied now)", name, applied);
            database.MarkMigrated();
            await LoadSeedOnceAsync(stoppingToken);
            database.MarkReady();
            logger.LogInformation("{Service} database ready", name);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // Stop rather than serve a half-migrated schema; the exit code tells the supervisor.
            logger.LogCritical(ex, "{Service} database could not be migrated or seeded; stopping", name);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private async Task LoadSeedOnceAsync(CancellationToken ct)
    {
        var seed = services.GetService<ISeed<TDatabase>>();
        if (seed is null) return;
        var module = database.Options.ServiceName + "-seed";
        var loaded = await database.QuerySingleOrDefaultAsync<int?>(
            "SELECT version FROM schema_migrations WHERE module = @module AND version = 1", new { module }, ct);
        if (loaded is not null) return;
        await seed.BeforeLoadAsync(ct); // outside the write: it may wait for events
        // One trace for the whole load: its events carry it in their outbox rows, so the relay's
        // publishes (and their consumers elsewhere) continue it instead of starting a trace each.
        using var span = DatabaseTelemetry.StartRoot("seed " + database.Options.ServiceName, database);
        await database.WriteAsync(async uow =>
        {
            var already = await uow.QuerySingleOrDefaultAsync<int?>(
                "SELECT version FROM schema_migrations WHERE module = @module AND version = 1", new { module }, ct);
            if (already is not null) return;
            logger.LogInformation("Loading {Service} seed data", database.Options.ServiceName);
            await seed.LoadAsync(uow, ct);
            await uow.ExecuteAsync(
                "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (@module, 1, 'seed', @at)",
                new { module, at = DateTimeOffset.UtcNow.ToString("O") }, ct);
        }, ct);
    }
}

/// <summary>The migrations of one database, in the order the modules must be applied.</summary>
public sealed record MigrationSet<TDatabase>(IReadOnlyList<Migration> Migrations) where TDatabase : Database;

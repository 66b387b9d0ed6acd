using Cica.Messaging;
using Cica.Persistence.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cica.Persistence.Tests;

/// <summary>
/// A service database of its own on a real SQLite file, configured and migrated the way the services'
/// databases are (request_log, outbox and inbox), without starting a host.
/// </summary>
public sealed class ScratchDatabase(DatabaseOptions options) : Database(options)
{
    /// <summary>A migrated database in <paramref name="directory"/>, named <paramref name="service"/> (its file name and db.name).</summary>
    public static async Task<ScratchDatabase> CreateAsync(string directory, string service = "scratch")
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:DataDirectory"] = directory })
            .Build();
        var database = new ScratchDatabase(PersistenceRegistration.ResolveOptions(configuration, service));
        var migrations = Migration.FromAssembly(typeof(Database).Assembly, "persistence")
            .Concat(Migration.FromAssembly(MessagingRegistration.Migrations.Assembly, MessagingRegistration.Migrations.Module));
        await MigrationRunner.MigrateAsync(database, migrations, NullLogger.Instance, CancellationToken.None);
        return database;
    }
}

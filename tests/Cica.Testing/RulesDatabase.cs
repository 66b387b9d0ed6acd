using Cica.Persistence;
using Cica.Persistence.Migrations;
using Cica.ServiceKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cica.Testing;

/// <summary>
/// A service's database on a real SQLite file, migrated as the service's is but without its seed
/// and without a host: the ground on which unit tests of a service's rules run in milliseconds.
/// </summary>
public static class RulesDatabase
{
    /// <summary>A migrated, ready database of service <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static async Task<TDatabase> CreateAsync<TDatabase>(string directory, string name, Func<DatabaseOptions, TDatabase> create,
        bool knownMemberStates = false) where TDatabase : Database
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Persistence:DataDirectory"] = directory })
            .Build();
        var database = create(PersistenceRegistration.ResolveOptions(configuration, name));
        var migrations = Migration.FromAssembly(typeof(Database).Assembly, "persistence")
            .Concat(ServiceMigrations.Of<TDatabase>(name, knownMemberStates).SelectMany(m => Migration.FromAssembly(m.Assembly, m.Module)));
        await MigrationRunner.MigrateAsync(database, migrations, NullLogger.Instance, CancellationToken.None);
        database.MarkReady();
        return database;
    }
}

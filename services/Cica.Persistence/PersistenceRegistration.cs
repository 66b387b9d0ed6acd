using System.Reflection;
using Cica.Persistence.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cica.Persistence;

/// <summary>Registers a service's database with the host.</summary>
public static class PersistenceRegistration
{
    /// <summary>
    /// Registers <typeparamref name="TDatabase"/> for service <paramref name="serviceName"/> with its
    /// migrations (this library's, then those of <paramref name="migrationAssemblies"/> in order,
    /// each under its module name) and the start-up that applies them.
    /// </summary>
    public static IServiceCollection AddDatabase<TDatabase>(this IServiceCollection services, IConfiguration configuration,
        string serviceName, Func<DatabaseOptions, TDatabase> create, params (Assembly Assembly, string Module)[] migrationAssemblies)
        where TDatabase : Database
    {
        var options = ResolveOptions(configuration, serviceName);
        var migrations = Migration.FromAssembly(typeof(Database).Assembly, "persistence")
            .Concat(migrationAssemblies.SelectMany(m => Migration.FromAssembly(m.Assembly, m.Module)))
            .ToList();
        services.AddSingleton(create(options));
        services.AddSingleton<Database>(sp => sp.GetRequiredService<TDatabase>()); // every database, for reports
        services.AddSingleton(new MigrationSet<TDatabase>(migrations));
        services.AddHostedService<DatabaseStartup<TDatabase>>();
        return services;
    }

    /// <summary>
    /// Where a service's data lives: <c>ConnectionStrings:{service}</c> when given; otherwise, for
    /// SQLite, the file <c>{Persistence:DataDirectory}/{service}.db</c> (default directory ".data").
    /// </summary>
    public static DatabaseOptions ResolveOptions(IConfiguration configuration, string serviceName)
    {
        var provider = configuration.GetValue("Persistence:Provider", DatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString(serviceName);
        if (!string.IsNullOrWhiteSpace(connectionString)) return new DatabaseOptions(serviceName, provider, connectionString);
        if (provider != DatabaseProvider.Sqlite)
            throw new InvalidOperationException($"ConnectionStrings:{serviceName} is required when Persistence:Provider is {provider}.");

        var directory = Path.GetFullPath(configuration["Persistence:DataDirectory"] ?? ".data");
        Directory.CreateDirectory(directory);
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, serviceName + ".db"),
            Pooling = true,
            DefaultTimeout = 30,
        };
        return new DatabaseOptions(serviceName, provider, sqlite.ToString());
    }
}

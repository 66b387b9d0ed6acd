using Microsoft.Data.SqlClient;

namespace Cica.Persistence.Tests;

/// <summary>
/// Empty databases of their own on a real SQL Server, one per service, dropped afterwards: each test
/// run starts from nothing, as a new deployment does, and leaves nothing behind.
/// </summary>
public sealed class FreshSqlServerDatabases : IAsyncDisposable
{
    private readonly string _server;
    private readonly IReadOnlyDictionary<string, string> _databases;

    private FreshSqlServerDatabases(string server, IReadOnlyDictionary<string, string> databases)
    {
        _server = server;
        _databases = databases;
    }

    /// <summary>Creates a database per service on the server of <paramref name="serverConnectionString"/>.</summary>
    public static async Task<FreshSqlServerDatabases> CreateAsync(string serverConnectionString, params string[] services)
    {
        // Names made only of [a-z0-9_], so bracket quoting below is safe.
        var run = Guid.NewGuid().ToString("N")[..8];
        var databases = services.ToDictionary(s => s, s => $"cica_test_{s}_{run}");
        var created = new FreshSqlServerDatabases(serverConnectionString, databases);
        await created.ExecuteAsync(string.Join("\n", databases.Values.Select(d => $"CREATE DATABASE [{d}];")));
        return created;
    }

    /// <summary>The connection string of <paramref name="service"/>'s database.</summary>
    public string ConnectionString(string service) =>
        new SqlConnectionStringBuilder(_server) { InitialCatalog = _databases[service] }.ConnectionString;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools(); // the platform's pooled connections would keep the databases in use
        await ExecuteAsync(string.Join("\n", _databases.Values.Select(d =>
            $"IF DB_ID(N'{d}') IS NOT NULL BEGIN ALTER DATABASE [{d}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{d}]; END;")));
    }

    // Administration of the server, not service SQL: it does not go through a dialect.
    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqlConnection(_server);
        await connection.OpenAsync();
        await using var command = new SqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

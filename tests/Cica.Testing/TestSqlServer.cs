using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Cica.Platform;
using Microsoft.Data.SqlClient;

namespace Cica.Testing;

/// <summary>
/// Where the tests' platforms keep their data. By default SQLite files in the test's directory; when
/// <see cref="Variable"/> holds a SQL Server connection string whose login may create databases
/// (e.g. "Server=localhost;User ID=sa;Password=…;TrustServerCertificate=true"), every platform
/// started by <see cref="PlatformHost"/> or <see cref="PlatformProcess"/> (unless the test sets
/// Persistence:Provider itself) runs on SQL Server instead: a database per service and per data
/// directory, so a restart over the same directory finds its data again; dropped when the test
/// process exits. Each test project's SqlServerTarget test says which it was (passed: SQL Server;
/// skipped: SQLite only).
/// </summary>
public static class TestSqlServer
{
    /// <summary>The environment variable holding the server's connection string.</summary>
    public const string Variable = "CICA_TEST_SQLSERVER";

    private static readonly ConcurrentDictionary<string, byte> Created = new(StringComparer.Ordinal);
    private static int _dropAtExit;

    /// <summary>The server's connection string, or null when the tests run on SQLite.</summary>
    public static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>True when the tests' platforms run on SQL Server.</summary>
    public static bool Enabled => ConnectionString is not null;

    /// <summary>
    /// <paramref name="settings"/> plus, on SQL Server, the provider and a connection string per
    /// service carried (Cica:Services, or all), their databases created if missing.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Apply(string dataDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        var result = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        if (ConnectionString is not { } server || result.ContainsKey("Persistence:Provider")) return result;

        var carried = result.TryGetValue("Cica:Services", out var names) && !string.IsNullOrWhiteSpace(names) && names != "all"
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : PlatformModules.Services.Select(s => s.Name).ToArray();
        var directory = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory))))[..10];
        result["Persistence:Provider"] = "SqlServer";
        foreach (var service in carried)
        {
            // Names made only of [a-z0-9_], so bracket quoting is safe.
            var database = $"cica_t_{directory}_{service.Replace('-', '_')}";
            if (Created.TryAdd(database, 0))
                Execute(server, $"IF DB_ID(N'{database}') IS NULL CREATE DATABASE [{database}];");
            result["ConnectionStrings:" + service] = new SqlConnectionStringBuilder(server) { InitialCatalog = database }.ConnectionString;
        }
        if (Interlocked.Exchange(ref _dropAtExit, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => DropCreated(server);
        return result;
    }

    private static void DropCreated(string server)
    {
        try
        {
            SqlConnection.ClearAllPools();
            Execute(server, string.Join("\n", Created.Keys.Select(d =>
                $"IF DB_ID(N'{d}') IS NOT NULL BEGIN ALTER DATABASE [{d}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{d}]; END;")));
        }
        catch (SqlException)
        {
            // Best effort at exit: the databases are named cica_t_* for an operator to drop.
        }
    }

    // Administration of the server, not service SQL: it does not go through a dialect.
    private static void Execute(string server, string sql)
    {
        using var connection = new SqlConnection(server);
        connection.Open();
        using var command = new SqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

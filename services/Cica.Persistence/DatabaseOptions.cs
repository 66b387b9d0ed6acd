namespace Cica.Persistence;

/// <summary>Which database engine a service's data lives in.</summary>
public enum DatabaseProvider
{
    /// <summary>A SQLite file (WAL): the zero-setup default.</summary>
    Sqlite,
    /// <summary>SQL Server through Microsoft.Data.SqlClient: production.</summary>
    SqlServer,
}

/// <summary>
/// Where one service keeps its data. Bound from configuration section "Persistence":
/// <c>Provider</c> (Sqlite | SqlServer), <c>DataDirectory</c> (SQLite files, one per service)
/// and <c>ConnectionStrings:{service}</c> (SQL Server, or an explicit SQLite connection string).
/// </summary>
public sealed record DatabaseOptions(string ServiceName, DatabaseProvider Provider, string ConnectionString);

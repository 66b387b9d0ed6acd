using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Cica.Persistence.Dialects;

/// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    /// <summary>The one instance.</summary>
    public static readonly SqlServerDialect Instance = new();

    private SqlServerDialect() { }

    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: 2627 or 2601 };

    /// <inheritdoc />
    protected override string Text => "NVARCHAR(MAX)";
    /// <inheritdoc />
    protected override string Blob => "VARBINARY(MAX)";
    /// <inheritdoc />
    protected override string AutoId => "BIGINT IDENTITY(1,1) PRIMARY KEY";
    /// <inheritdoc />
    protected override string Limit => "OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY";
}

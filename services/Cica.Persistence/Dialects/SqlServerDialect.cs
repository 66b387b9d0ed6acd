using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;

namespace Cica.Persistence.Dialects;

/// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
public sealed class SqlServerDialect : SqlDialect
{
    /// <summary>The one instance.</summary>
    public static readonly SqlServerDialect Instance = new();

    /// <summary>
    /// Takes the database's write lock for the rest of the transaction, waiting up to 30 s as SQLite's
    /// busy timeout does, and fails the transaction if it is not granted. An application lock is
    /// released by the commit or rollback; it is scoped to the database, so each service has its own.
    /// </summary>
    public const string TakeWriteLock = """
        DECLARE @granted INT;
        EXEC @granted = sp_getapplock @Resource = N'cica-write', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 30000;
        IF @granted < 0 THROW 51000, N'The write lock of this database was not granted within 30 seconds.', 1;
        """;

    private SqlServerDialect() { }

    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    /// <inheritdoc />
    /// <remarks>
    /// A plain READ COMMITTED transaction locks only the rows it touches, so two writers could both
    /// read "no open application" and both insert one, or both read version 3 of a row. The services'
    /// rules are written against one writer at a time (SQLite's BEGIN IMMEDIATE); the application
    /// lock gives SQL Server the same discipline, per database.
    /// </remarks>
    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            // The command may run a little longer than the lock timeout, so the lock's own error wins.
            await connection.ExecuteAsync(new CommandDefinition(TakeWriteLock, transaction: transaction, commandTimeout: 45, cancellationToken: ct));
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqlException { Number: 2627 or 2601 };

    /// <inheritdoc />
    public override bool IsTransient(DbException exception) =>
        // SqlClient's own judgement, plus a command timeout (-2), a deadlock victim (1205) and a lock
        // timeout (1222), and 51000, the write lock of this dialect not granted in time.
        exception is SqlException sql && (sql.IsTransient || sql.Number is -2 or 1205 or 1222 or 51000);

    /// <inheritdoc />
    protected override string Text => "NVARCHAR(MAX)";
    /// <inheritdoc />
    protected override string Blob => "VARBINARY(MAX)";
    /// <inheritdoc />
    protected override string AutoId => "BIGINT IDENTITY(1,1) PRIMARY KEY";
    /// <inheritdoc />
    protected override string Limit => "OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY";
}

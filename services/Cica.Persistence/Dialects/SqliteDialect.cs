using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Dialects;

/// <summary>SQLite through Microsoft.Data.Sqlite: one file per service, WAL journal.</summary>
public sealed class SqliteDialect : SqlDialect
{
    /// <summary>The one instance.</summary>
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect() { }

    /// <inheritdoc />
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <inheritdoc />
    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    // The PRAGMAs below are SQLite's own statements: run directly, not rendered from a template, so
    // they never appear among the RenderedTemplates that are checked for portability.

    /// <inheritdoc />
    public override async Task OnOpenedForWritingAsync(DbConnection connection, CancellationToken ct) =>
        // Writers queue for the lock instead of failing at once with SQLITE_BUSY; synchronous=FULL
        // makes a commit durable before it returns, even against a power cut, not only a crash.
        // temp_store=MEMORY: the group commit's savepoints keep what each write changed in a statement
        // journal, which SQLite spills to a temporary file past 64 KiB: under the write benchmark that
        // was ~2,000 file writes a second (strace) for data that only a rollback reads, never a recovery.
        await connection.ExecuteAsync(new CommandDefinition(
            "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;", cancellationToken: ct));

    /// <inheritdoc />
    public override async Task PrepareDatabaseAsync(DbConnection connection, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        // BEGIN IMMEDIATE: take the write lock up front, so two writers never deadlock upgrading
        // read locks (Microsoft.Data.Sqlite's non-deferred transaction; it has no async overload).
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 1555 or 2067 };

    /// <inheritdoc />
    public override bool IsTransient(DbException exception) =>
        // SQLITE_BUSY and SQLITE_LOCKED: another writer held the lock past the busy timeout.
        // (Microsoft.Data.Sqlite's own IsTransient does not say so.)
        exception is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <inheritdoc />
    protected override string Text => "TEXT";
    /// <inheritdoc />
    protected override string Blob => "BLOB";
    /// <inheritdoc />
    protected override string AutoId => "INTEGER PRIMARY KEY AUTOINCREMENT";
    /// <inheritdoc />
    protected override string Limit => "LIMIT @Limit";
}

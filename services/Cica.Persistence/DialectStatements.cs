using Dapper;

namespace Cica.Persistence;

/// <summary>
/// Statements written in one dialect itself, for the few features that have no portable form (e.g.
/// full-text search: SQLite's FTS5, SQL Server's full-text index). Like the dialects' own PRAGMAs
/// and write lock, they bypass rendering: the caller chooses the text by <see cref="Database.Dialect"/>,
/// and tests parse the SQL Server text with ScriptDom. Everything portable goes through
/// <see cref="UnitOfWork"/> and the read helpers as before.
/// </summary>
public static class DialectStatements
{
    /// <summary>Runs a statement of the database's own dialect in the write's transaction.</summary>
    public static Task<int> ExecuteInDialectAsync(this UnitOfWork uow, string sql, object? param = null, CancellationToken ct = default) =>
        uow.Connection.ExecuteAsync(new CommandDefinition(sql, param, uow.Transaction, cancellationToken: ct));

    /// <summary>Runs a query of the database's own dialect on a reading connection.</summary>
    public static Task<IReadOnlyList<T>> QueryInDialectAsync<T>(this Database database, string sql, object? param = null, CancellationToken ct = default) =>
        database.ReadAsync<IReadOnlyList<T>>(async connection =>
            (await connection.QueryAsync<T>(new CommandDefinition(sql, param, cancellationToken: ct))).AsList(), ct);

    /// <summary>
    /// Runs schema statements of the database's own dialect outside any transaction, on a writing
    /// connection (SQL Server refuses CREATE FULLTEXT CATALOG/INDEX inside a user transaction). They
    /// must be idempotent: they may run again after a failed start.
    /// </summary>
    public static async Task ExecuteSchemaInDialectAsync(this Database database, string sql, CancellationToken ct = default)
    {
        await using var connection = await database.OpenAsync(ct, forWriting: true);
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct));
    }
}

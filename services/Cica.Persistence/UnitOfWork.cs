using System.Data.Common;
using Dapper;

namespace Cica.Persistence;

/// <summary>
/// An open write transaction. Disposing it without <see cref="CommitAsync"/> rolls everything
/// back, so a command that fails half-way changes nothing.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly List<Action> _afterCommit = [];
    private bool _committed;

    internal UnitOfWork(Database database, DbConnection connection, DbTransaction transaction)
    {
        Database = database;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>The database this transaction writes to.</summary>
    public Database Database { get; }

    // Internal, like Database.OpenAsync: statements go through the rendering methods below.
    internal DbConnection Connection { get; }

    internal DbTransaction Transaction { get; }

    /// <summary>Runs a statement (tokens rendered) in the transaction.</summary>
    public Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.ExecuteAsync(Command(sql, param, ct));

    /// <summary>Runs a query (tokens rendered) in the transaction.</summary>
    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.QueryAsync<T>(Command(sql, param, ct));

    /// <summary>The single row of a query, or default when there is none (more than one row throws).</summary>
    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, param, ct));

    /// <summary>Registers work to run once the transaction has committed (e.g. waking the outbox relay).</summary>
    public void OnCommitted(Action action) => _afterCommit.Add(action);

    /// <summary>Commits, then runs the after-commit actions.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        await Transaction.CommitAsync(ct);
        _committed = true;
        foreach (var action in _afterCommit) action();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            // A rollback that fails (connection already broken) must neither leak the connection nor
            // hide the exception that made the command give up: the database discards an
            // uncommitted transaction when its connection closes anyway.
            if (!_committed) await Transaction.RollbackAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbException) { }
        finally
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(Database.Sql(sql), param, Transaction, cancellationToken: ct);
}

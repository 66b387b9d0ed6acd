using System.Data.Common;
using Dapper;

namespace Cica.Persistence;

/// <summary>
/// One write inside its database's write transaction (see <see cref="Database.WriteAsync{T}"/>).
/// Everything a command changes, its events (outbox rows) and its retry record are written through
/// it and commit together; if the write throws, none of it is kept.
/// </summary>
public sealed class UnitOfWork
{
    private readonly List<Action> _afterCommit = [];

    internal UnitOfWork(Database database, DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        Database = database;
        Connection = connection;
        Transaction = transaction;
        CancellationToken = ct;
    }

    /// <summary>The database this write goes to.</summary>
    public Database Database { get; }

    /// <summary>The cancellation of the call that made this write.</summary>
    public CancellationToken CancellationToken { get; }

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

    /// <summary>
    /// Asks that the database's commit riders (<see cref="Writing.ICommitRider"/>) run in this write's
    /// transaction before it commits, e.g. after writing outbox rows, so that the relay claims them
    /// without a commit of its own. Only a hint: where riders do not ride (SQL Server), nothing happens.
    /// </summary>
    public void InviteRiders() => RidersInvited = true;

    internal bool RidersInvited { get; private set; }

    /// <summary>Registers work to run once the write has committed (e.g. waking the outbox relay).</summary>
    public void OnCommitted(Action action) => _afterCommit.Add(action);

    internal void RunAfterCommit()
    {
        foreach (var action in _afterCommit) action();
    }

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(Database.Sql(sql), param, Transaction, cancellationToken: ct.CanBeCanceled ? ct : CancellationToken);
}

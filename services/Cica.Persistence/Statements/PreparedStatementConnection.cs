using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Statements;

/// <summary>
/// An open SQLite connection that keeps every statement it has run compiled for the next time the
/// same SQL runs on it. Microsoft.Data.Sqlite compiles a command's SQL on its first execution and
/// keeps the compiled statements while the command's text stays the same, but Dapper makes a new
/// command per call, so each write compiled its dozen statements anew (under the write benchmark R3
/// that was 8.6 % of the platform's CPU, `perf`) and each read its one or two. Commands handed out
/// here are rented from a cache of idle commands keyed by their SQL and returned to it when disposed.
/// The writer keeps one such connection; reads rent one from <see cref="ReadConnections"/>.
/// </summary>
/// <remarks>
/// Used by one caller at a time (the writer's loop, or the read that rented it), so the cache needs
/// no lock. A text rented twice at once (a reader still open) gets a second command; the cache keeps
/// at most <see cref="Capacity"/> texts, so SQL built per call cannot make it grow without bound.
/// </remarks>
internal sealed class PreparedStatementConnection(SqliteConnection connection) : DbConnection
{
    /// <summary>Most distinct statements kept compiled (a service runs a few dozen).</summary>
    internal const int Capacity = 256;

    private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);

    /// <summary>The SQLite connection underneath (the writer begins its transactions on it).</summary>
    internal SqliteConnection Sqlite => connection;

    /// <summary>An idle command for <paramref name="sql"/>, compiled if it ran before.</summary>
    internal SqliteCommand Rent(string sql)
    {
        if (_idle.Remove(sql, out var command)) return command;
        command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Takes a command back, its parameters and transaction cleared, or disposes it when the cache is full.</summary>
    internal void Return(SqliteCommand command)
    {
        command.Parameters.Clear();
        command.Transaction = null;
        if (command.CommandText.Length > 0 && _idle.Count < Capacity && _idle.TryAdd(command.CommandText, command)) return;
        command.Dispose();
    }

    /// <summary>Runs a statement of the writer's own (a savepoint, its release) through the cache.</summary>
    internal void Execute(string sql, SqliteTransaction transaction)
    {
        var command = Rent(sql);
        try
        {
            command.Transaction = transaction;
            command.ExecuteNonQuery();
        }
        finally
        {
            Return(command);
        }
    }

    protected override DbCommand CreateDbCommand() => new PreparedStatementCommand(this);

    [AllowNull]
    public override string ConnectionString
    {
        get => connection.ConnectionString;
        set => throw new NotSupportedException("The writer's connection string is fixed.");
    }

    public override string Database => connection.Database;

    public override string DataSource => connection.DataSource;

    public override string ServerVersion => connection.ServerVersion;

    public override ConnectionState State => connection.State;

    public override void ChangeDatabase(string databaseName) => connection.ChangeDatabase(databaseName);

    public override void Open() => connection.Open();

    public override void Close() => connection.Close();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => connection.BeginTransaction(isolationLevel);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var command in _idle.Values) command.Dispose();
            _idle.Clear();
            connection.Dispose();
        }
        base.Dispose(disposing);
    }
}

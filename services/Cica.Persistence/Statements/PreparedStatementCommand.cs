using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Statements;

/// <summary>
/// A command of <see cref="PreparedStatementConnection"/>: it collects what Dapper sets on it (SQL,
/// parameters, transaction) and, when executed, runs on a <see cref="SqliteCommand"/> rented for its
/// SQL, which goes back to the cache, still compiled, when this command is disposed.
/// </summary>
/// <remarks>
/// The parameters live here, not on the rented command, because the SQL may change after parameters
/// were added (Dapper expands a list into IN (@p1, @p2 …) by rewriting the SQL, and its generated code
/// keeps adding to the collection it fetched first): only the final SQL is known at execution.
/// </remarks>
internal sealed class PreparedStatementCommand(PreparedStatementConnection connection) : DbCommand
{
    // A SqliteParameterCollection cannot be made on its own: a command without a connection holds it.
    private readonly SqliteParameterCollection _parameters = new SqliteCommand().Parameters;
    private SqliteCommand? _rented;
    private SqliteTransaction? _transaction;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A prepared statement stays on the connection that compiled it.");
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set => _transaction = (SqliteTransaction?)value;
    }

    public override void Cancel() => _rented?.Cancel();

    public override void Prepare() => Ready().Prepare();

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Ready().ExecuteNonQuery();

    public override object? ExecuteScalar() => Ready().ExecuteScalar();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Ready().ExecuteReader(behavior);

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Ready().ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Ready().ExecuteScalarAsync(cancellationToken);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Ready().ExecuteReaderAsync(behavior, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _rented is not null)
        {
            connection.Return(_rented);
            _rented = null;
        }
        base.Dispose(disposing);
    }

    // The rented command for the SQL as it is now, with this command's settings and parameters.
    private SqliteCommand Ready()
    {
        var text = CommandText ?? "";
        if (_rented is not null && _rented.CommandText != text)
        {
            connection.Return(_rented);
            _rented = null;
        }
        _rented ??= connection.Rent(text);
        _rented.Transaction = _transaction;
        _rented.CommandTimeout = CommandTimeout;
        _rented.CommandType = CommandType;
        _rented.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters) _rented.Parameters.Add(parameter);
        return _rented;
    }
}

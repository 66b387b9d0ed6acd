using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Writing;

/// <summary>
/// A command of <see cref="PreparedStatementConnection"/>: what Dapper sets on it goes to a
/// <see cref="SqliteCommand"/> rented for its SQL, which goes back to the cache, still compiled,
/// when this command is disposed.
/// </summary>
internal sealed class PreparedStatementCommand(PreparedStatementConnection connection) : DbCommand
{
    private SqliteCommand? _rented;
    private string _sql = "";
    private SqliteTransaction? _transaction;
    private int _timeout = 30;
    private CommandType _type = CommandType.Text;

    // Dapper sets the SQL before it adds parameters, but may set it again after (a list expanded
    // into IN (@p1, @p2 …)): the parameters already added move to the command of the new text.
    private SqliteCommand Rented => _rented ??= Configure(connection.Rent(_sql));

    [AllowNull]
    public override string CommandText
    {
        get => _sql;
        set
        {
            value ??= "";
            if (value == _sql && _rented is not null) return;
            var next = Configure(connection.Rent(value));
            if (_rented is not null)
            {
                var added = _rented.Parameters.Cast<SqliteParameter>().ToArray();
                _rented.Parameters.Clear();
                next.Parameters.AddRange(added);
                connection.Return(_rented);
            }
            _rented = next;
            _sql = value;
        }
    }

    public override int CommandTimeout
    {
        get => _timeout;
        set
        {
            _timeout = value;
            if (_rented is not null) _rented.CommandTimeout = value;
        }
    }

    public override CommandType CommandType
    {
        get => _type;
        set
        {
            _type = value;
            if (_rented is not null) _rented.CommandType = value;
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A writer's command stays on the writer's connection.");
    }

    protected override DbParameterCollection DbParameterCollection => Rented.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => _transaction;
        set
        {
            _transaction = (SqliteTransaction?)value;
            if (_rented is not null) _rented.Transaction = _transaction;
        }
    }

    public override void Cancel() => _rented?.Cancel();

    public override void Prepare() => Rented.Prepare();

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    public override int ExecuteNonQuery() => Rented.ExecuteNonQuery();

    public override object? ExecuteScalar() => Rented.ExecuteScalar();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Rented.ExecuteReader(behavior);

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Rented.ExecuteNonQueryAsync(cancellationToken);

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Rented.ExecuteScalarAsync(cancellationToken);

    protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        await Rented.ExecuteReaderAsync(behavior, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing && _rented is not null)
        {
            connection.Return(_rented);
            _rented = null;
        }
        base.Dispose(disposing);
    }

    private SqliteCommand Configure(SqliteCommand command)
    {
        command.Transaction = _transaction;
        command.CommandTimeout = _timeout;
        command.CommandType = _type;
        return command;
    }
}

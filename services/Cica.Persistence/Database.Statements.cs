using System.Data.Common;
using Dapper;

namespace Cica.Persistence;

// Reads, outside the writer: on SQLite each rents an open connection that keeps its statements
// compiled (ReadConnections), on SQL Server each opens its own (pooled) connection; the SQL is
// rendered in the dialect first. Writes go through WriteAsync.
public abstract partial class Database
{
    /// <summary>The rows of a query (tokens rendered).</summary>
    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        WithConnectionAsync<IReadOnlyList<T>>(sql, async connection =>
            (await connection.QueryAsync<T>(Command(sql, param, ct))).AsList(), ct);

    /// <summary>The single row of a query, or default when there is none (tokens rendered).</summary>
    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        WithConnectionAsync(sql, connection => connection.QuerySingleOrDefaultAsync<T>(Command(sql, param, ct)), ct);

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(Sql(sql), param, cancellationToken: ct);

    private Task<TResult> WithConnectionAsync<TResult>(string sql, Func<DbConnection, Task<TResult>> run, CancellationToken ct) =>
        WithConnectionAsync(run, ct, DatabaseTelemetry.StartRead(this, Sql(sql)));

    // Inside a trace, the statement is a span ("SELECT {service}", see DatabaseTelemetry).
    private async Task<TResult> WithConnectionAsync<TResult>(Func<DbConnection, Task<TResult>> run, CancellationToken ct, System.Diagnostics.Activity? span)
    {
        try
        {
            var result = await ReadAsync(run, ct);
            DatabaseTelemetry.End(span);
            return result;
        }
        catch (Exception ex)
        {
            DatabaseTelemetry.End(span, ex);
            throw;
        }
    }

    /// <summary>Runs one read on a connection of its own (on SQLite, a kept one whose statements stay compiled).</summary>
    internal async Task<TResult> ReadAsync<TResult>(Func<DbConnection, Task<TResult>> run, CancellationToken ct)
    {
        if (_reads is null)
        {
            await using var connection = await OpenAsync(ct);
            return await run(connection);
        }
        var kept = await _reads.RentAsync(ct);
        var healthy = false;
        try
        {
            var result = await run(kept);
            healthy = true;
            return result;
        }
        finally
        {
            await _reads.ReturnAsync(kept, healthy);
        }
    }
}

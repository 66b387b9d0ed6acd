using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Statements;

/// <summary>
/// The open connections SQLite reads run on, each keeping its statements compiled
/// (<see cref="PreparedStatementConnection"/>): a read rents one, runs, and gives it back. Before,
/// each read took a connection from Microsoft.Data.Sqlite's pool and compiled its SQL again (under
/// the gateway benchmark R4, 7.6 % of the platform's CPU was SQLite compiling statements, `perf`).
/// </summary>
/// <remarks>
/// Last in, first out, so that the connections in use stay few and their statements warm; at most
/// <see cref="MaxIdle"/> are kept open, the others closed when given back. A read that failed gives
/// its connection back broken: it is closed, not kept. In WAL mode a connection between reads holds
/// no snapshot (Dapper reads to the end and disposes its reader, which resets the statement), so a
/// read on a kept connection sees every commit before it.
/// </remarks>
internal sealed class ReadConnections(Database database) : IAsyncDisposable
{
    private static readonly int MaxIdle = Math.Max(8, 4 * Environment.ProcessorCount);

    private readonly ConcurrentStack<PreparedStatementConnection> _idle = new();
    private int _idleCount;
    private bool _disposed;

    /// <summary>An open connection for one read.</summary>
    public async ValueTask<PreparedStatementConnection> RentAsync(CancellationToken ct)
    {
        if (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }
        return new PreparedStatementConnection((SqliteConnection)await database.OpenAsync(ct));
    }

    /// <summary>Takes a connection back after a read; <paramref name="healthy"/> false closes it.</summary>
    public async ValueTask ReturnAsync(PreparedStatementConnection connection, bool healthy)
    {
        if (healthy && !Volatile.Read(ref _disposed) && connection.State == System.Data.ConnectionState.Open)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Push(connection);
                if (Volatile.Read(ref _disposed)) await DisposeAsync();   // given back while the database closed
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        await connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _disposed, true);
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            await connection.DisposeAsync();
        }
    }
}

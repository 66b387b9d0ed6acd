using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Cica.Persistence.Statements;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Writing;

/// <summary>
/// One writer per SQLite database, in process: writes queue here instead of meeting in SQLite's
/// busy handler (which sleeps between tries). Whatever has queued while the previous commit was
/// being made durable is committed together (group commit): one transaction, one fsync, each write
/// inside a savepoint of its own so it is still all-or-nothing, and each caller answered only after
/// the commit that holds its write is durable.
/// </summary>
/// <remarks>
/// A write runs on the writer's one connection while the others wait, so a write must only touch
/// the database (no calls to other services, no waiting on another write of the same database).
/// </remarks>
internal sealed class GroupCommitWriter : IDatabaseWriter
{
    /// <summary>Most writes committed together: bounds how long the first of them waits for the others.</summary>
    internal const int MaxBatch = 64;

    private const string Savepoint = "cica_write";
    private const string BeginSavepoint = "SAVEPOINT " + Savepoint;
    private const string ReleaseSavepoint = "RELEASE SAVEPOINT " + Savepoint;
    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT " + Savepoint;

    private readonly Database _database;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    // Opened on the first write (and again after a failed transaction discarded it).
    private PreparedStatementConnection? _connection;

    public GroupCommitWriter(Database database)
    {
        _database = database;
        _loop = Task.Run(RunAsync);
    }

    public Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work, ActivityContext span, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(work, ct) { Span = span, Requested = Stopwatch.GetTimestamp() };
        if (!_queue.Writer.TryWrite(pending))
            throw new ObjectDisposedException(nameof(GroupCommitWriter), $"The writer of {_database.Options.ServiceName} has stopped.");
        return pending.Result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        if (_connection is not null) await _connection.DisposeAsync();
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                if (pending.CancellationToken.IsCancellationRequested) pending.Cancel();
                else batch.Add(pending);
            }
            if (batch.Count > 0) await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<PendingWrite> batch)
    {
        SqliteTransaction? transaction = null;
        // One span for the transaction, in the trace of the first write and linked to the others'.
        using var span = DatabaseTelemetry.StartBatch(_database, [.. batch.Where(p => p.Span != default).Select(p => p.Span)]);
        var riders = new List<ICommitRider>();
        var name = _database.Options.ServiceName;
        long started = Stopwatch.GetTimestamp(), committing;
        foreach (var pending in batch) WriterMetrics.Queue(name, pending.Requested, started);
        try
        {
            _connection ??= new PreparedStatementConnection((SqliteConnection)await _database.OpenAsync(CancellationToken.None, forWriting: true));
            transaction = (SqliteTransaction)await _database.Dialect.BeginWriteAsync(_connection.Sqlite, CancellationToken.None);
            var invited = false;
            foreach (var pending in batch)
            {
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    pending.Cancel();
                    continue;
                }
                var uow = new UnitOfWork(_database, _connection, transaction, pending.CancellationToken);
                // This write's own failure undoes only what it wrote: the others of the batch stay.
                if (await InSavepointAsync(transaction, pending.RunAsync, uow) is { } failure) pending.Fail(failure);
                else invited |= uow.RidersInvited;
            }
            if (invited) await RideAsync(transaction, riders);
            committing = Stopwatch.GetTimestamp();
            // The commit belongs to every write of the batch: no caller's cancellation may stop it.
            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The transaction as a whole failed (the lock not granted, the disk full, the connection
            // broken): nothing of the batch is kept, and every write not already failed gets the error.
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            await DiscardConnectionAsync(transaction);
            foreach (var rider in riders) rider.Settled(false);
            foreach (var pending in batch) pending.Fail(ex);
            return;
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
        }

        WriterMetrics.Transaction(name, batch.Count, started, committing, Stopwatch.GetTimestamp());
        _database.OnCommitted();
        foreach (var rider in riders) rider.Settled(true);
        foreach (var pending in batch) pending.Complete();
    }

    // After the batch's writes, in the same transaction: each registered rider in a savepoint of its
    // own, so that a rider's failure costs only its own writes (it then does them itself, later).
    private async Task RideAsync(SqliteTransaction transaction, List<ICommitRider> rode)
    {
        foreach (var rider in _database.Riders)
        {
            if (!rider.WantsToRide) continue;
            var failed = true;
            try
            {
                failed = await InSavepointAsync(transaction, rider.RideAsync, new UnitOfWork(_database, _connection!, transaction, CancellationToken.None)) is not null;
                if (!failed) rode.Add(rider);
            }
            finally
            {
                if (failed) rider.Settled(false);
            }
        }
    }

    // Runs one write (or rider) in a savepoint of its own, and returns its failure after undoing what
    // it wrote; a failure to undo it is the whole transaction's (thrown).
    private async Task<Exception?> InSavepointAsync(SqliteTransaction transaction, Func<UnitOfWork, Task> work, UnitOfWork uow)
    {
        _connection!.Execute(BeginSavepoint, transaction);
        try
        {
            await work(uow);
            _connection.Execute(ReleaseSavepoint, transaction);
            return null;
        }
        catch (Exception ex)
        {
            _connection.Execute(RollbackToSavepoint, transaction);
            _connection.Execute(ReleaseSavepoint, transaction);
            return ex;
        }
    }

    private async Task DiscardConnectionAsync(DbTransaction? transaction)
    {
        try
        {
            if (transaction is not null) await transaction.RollbackAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbException) { }
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    /// <summary>A write waiting for its turn, then for its commit.</summary>
    private abstract class PendingWrite(CancellationToken ct)
    {
        public CancellationToken CancellationToken { get; } = ct;

        /// <summary>The write's span in its caller's trace (default outside a trace).</summary>
        public ActivityContext Span { get; init; }

        /// <summary>When the write was asked for (Stopwatch ticks).</summary>
        public long Requested { get; init; }

        public abstract Task RunAsync(UnitOfWork uow);

        /// <summary>Fails the write unless it already failed on its own.</summary>
        public abstract void Fail(Exception exception);

        public abstract void Cancel();

        /// <summary>The batch committed: answers the caller (its result, or its own failure).</summary>
        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(Func<UnitOfWork, Task<T>> work, CancellationToken ct) : PendingWrite(ct)
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        // The caller's context (its trace, its log scopes): the work runs on the writer's loop, but as
        // part of the call that asked for it, so an outbox row carries that call's trace.
        private readonly ExecutionContext? _caller = ExecutionContext.Capture();
        private UnitOfWork? _uow;
        private T? _value;
        private Exception? _failure;

        public Task<T> Result => _result.Task;

        public override async Task RunAsync(UnitOfWork uow)
        {
            _value = await InCallerContext(uow);
            _uow = uow;
        }

        private Task<T> InCallerContext(UnitOfWork uow)
        {
            if (_caller is null) return work(uow);
            Task<T>? running = null;
            ExecutionContext.Run(_caller, _ => running = work(uow), null);
            return running!;
        }

        public override void Fail(Exception exception)
        {
            _failure ??= exception;
            _uow = null;
            _result.TrySetException(_failure);
        }

        public override void Cancel() => _result.TrySetCanceled(CancellationToken);

        public override void Complete()
        {
            if (_failure is not null || _uow is null) return;
            _uow.RunAfterCommit();
            _result.TrySetResult(_value!);
        }
    }
}

namespace Cica.Persistence.Writing;

/// <summary>
/// A transaction of its own for each write, taking the database's write lock as the dialect does
/// (SQL Server's application lock). Used where the database, not this process, orders writers:
/// two instances of a service may share a SQL Server database.
/// </summary>
internal sealed class TransactionPerWrite(Database database) : IDatabaseWriter
{
    public async Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work, System.Diagnostics.ActivityContext span, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct, forWriting: true);
        await using var transaction = await database.Dialect.BeginWriteAsync(connection, ct);
        var uow = new UnitOfWork(database, connection, transaction, ct);
        T result;
        try
        {
            result = await work(uow);
            await transaction.CommitAsync(ct);
        }
        catch
        {
            await RollbackQuietlyAsync(transaction);
            throw;
        }
        database.OnCommitted();
        uow.RunAfterCommit();
        return result;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // A rollback that fails (connection already broken) must not hide the exception that made the
    // write give up: the database discards an uncommitted transaction when its connection closes.
    private static async Task RollbackQuietlyAsync(System.Data.Common.DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException) { }
    }
}

namespace Cica.Persistence.Writing;

/// <summary>
/// How one database's writes reach it. Every write of a service (commands, consumers, the outbox
/// relay's bookkeeping, migrations, seed) goes through its database's writer, so the discipline of
/// one writer at a time is kept in one place.
/// </summary>
internal interface IDatabaseWriter : IAsyncDisposable
{
    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and completes once that transaction has
    /// committed durably. If <paramref name="work"/> throws, nothing it wrote is kept and the
    /// exception reaches the caller.
    /// </summary>
    /// <param name="span">The write's span (default outside a trace): a group commit links its own span to it.</param>
    Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work, System.Diagnostics.ActivityContext span, CancellationToken ct);
}

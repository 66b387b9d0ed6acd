namespace Cica.Persistence.Writing;

/// <summary>
/// Bookkeeping that rides in another write's transaction instead of paying a commit (an fsync) of
/// its own: on SQLite, a group commit whose writes invited riders (<see cref="UnitOfWork.InviteRiders"/>,
/// e.g. because they wrote outbox rows) runs each registered rider after them, in a savepoint of its
/// own, and commits its writes with theirs. The outbox relay claims the rows just written this way.
/// SQL Server (a transaction per write) runs no riders: the relay writes its claims itself there.
/// </summary>
public interface ICommitRider
{
    /// <summary>Whether the rider has anything to do now; a group commit skips it (and its savepoint) otherwise.</summary>
    bool WantsToRide { get; }

    /// <summary>
    /// Writes what the rider wants in <paramref name="uow"/>, the group commit's transaction, after the
    /// batch's writes. Throwing undoes only what the rider wrote; the batch commits without it.
    /// </summary>
    Task RideAsync(UnitOfWork uow);

    /// <summary>
    /// The transaction the rider rode in is durable (<paramref name="committed"/> true), or gone (false:
    /// the rider's savepoint or the whole transaction was rolled back). Called after every RideAsync,
    /// before the batch's callers are answered and its after-commit actions run.
    /// </summary>
    void Settled(bool committed);
}

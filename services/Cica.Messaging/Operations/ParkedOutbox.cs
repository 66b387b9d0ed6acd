using Cica.Persistence;

namespace Cica.Messaging.Operations;

/// <summary>A parked outbox row, as the operator command lists it.</summary>
public sealed record ParkedRow(long Sequence, string MessageId, string MessageType, string CreatedAt, string ParkedAt, long Attempts, string Reason);

/// <summary>Lists, re-drives and discards the parked rows of one database's outbox.</summary>
public static class ParkedOutbox
{
    /// <summary>Every parked row, oldest first.</summary>
    public static Task<IReadOnlyList<ParkedRow>> ListAsync(Database database, CancellationToken ct) =>
        database.QueryAsync<ParkedRow>(
            """
            SELECT sequence AS Sequence, message_id AS MessageId, message_type AS MessageType, created_at AS CreatedAt,
                   parked_at AS ParkedAt, attempts AS Attempts, reason AS Reason
            FROM outbox_parked ORDER BY sequence
            """, ct: ct);

    /// <summary>
    /// Moves a parked row back into the outbox (behind every row waiting there, same message id, so a
    /// consumer that already had it drops it) in one write: it is re-driven once however often this
    /// runs. False when no such parked row exists.
    /// </summary>
    public static Task<bool> RedriveAsync(Database database, long sequence, CancellationToken ct) =>
        database.WriteAsync(async uow =>
        {
            var moved = await uow.ExecuteAsync(
                """
                INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent, trace_state, created_at)
                SELECT message_id, message_type, payload, trace_parent, trace_state, @Now FROM outbox_parked WHERE sequence = @Sequence
                """, new { Sequence = sequence, Now = DateTimeOffset.UtcNow.ToString("O") }, ct);
            await uow.ExecuteAsync("DELETE FROM outbox_parked WHERE sequence = @Sequence", new { Sequence = sequence }, ct);
            if (moved > 0) uow.OnCommitted(uow.Database.Commits.Notify);
            return moved > 0;
        }, ct);

    /// <summary>Deletes a parked row for good. False when no such parked row exists.</summary>
    public static Task<bool> DiscardAsync(Database database, long sequence, CancellationToken ct) =>
        database.WriteAsync(async uow =>
            await uow.ExecuteAsync("DELETE FROM outbox_parked WHERE sequence = @Sequence", new { Sequence = sequence }, ct) > 0, ct);
}

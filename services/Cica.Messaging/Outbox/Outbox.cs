using System.Diagnostics;
using Cica.Persistence;
using Google.Protobuf;

namespace Cica.Messaging.Outbox;

/// <summary>
/// Writes a command's events into the outbox table of its own transaction: they are published if
/// and only if the change commits, and survive a crash between commit and publish.
/// </summary>
public static class Outbox
{
    /// <summary>
    /// Adds <paramref name="event"/> to the outbox in <paramref name="uow"/>, with the current trace
    /// context so the consumer's span continues this call's trace. Returns the message id.
    /// </summary>
    public static async Task<Guid> AddAsync(this UnitOfWork uow, IMessage @event, CancellationToken ct)
    {
        var messageId = Guid.NewGuid();
        var activity = Activity.Current;
        await uow.ExecuteAsync(
            """
            INSERT INTO outbox_messages (message_id, message_type, payload, trace_parent, trace_state, created_at)
            VALUES (@MessageId, @MessageType, @Payload, @TraceParent, @TraceState, @CreatedAt)
            """,
            new
            {
                MessageId = messageId.ToString(),
                MessageType = @event.Descriptor.FullName,
                Payload = @event.ToByteArray(),
                TraceParent = activity?.IdFormat == ActivityIdFormat.W3C ? activity.Id : null,
                TraceState = activity?.TraceStateString,
                CreatedAt = DateTimeOffset.UtcNow.ToString("O"),
            }, ct);
        uow.OnCommitted(uow.Database.Commits.Notify);
        uow.InviteRiders(); // the relay claims the row in this very transaction where it can (SQLite's group commit)
        return messageId;
    }
}

using MassTransit;
using Microsoft.Extensions.Logging;

namespace Cica.Messaging.Trust;

/// <summary>
/// What no consumer of a queue took (a forged event refused by <see cref="PublisherCheckFilter"/>, or
/// a message of a type the queue does not consume) is acknowledged and dropped, with one line for the
/// latter. MassTransit's default would move it to the queue's _skipped queue with its properties, the
/// publisher's user_id among them, and the broker refuses a publish whose user_id is not the
/// connection's user: the move would fail and the message come back for ever.
/// </summary>
public sealed partial class SkippedMessageFilter(ILogger logger) : IFilter<ReceiveContext>
{
    /// <inheritdoc />
    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        if (!context.TryGetPayload<PublisherCheckFilter.Refused>(out _))
            LogSkipped(logger, context.TransportHeaders.Get<string>(Serialization.ProtobufHeaders.MessageType) ?? "(unknown type)",
                PublisherCheckFilter.QueueOf(context));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("cica-skipped-drop");

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {MessageType} arrived on queue {Queue}, where no consumer takes it; dropped")]
    private static partial void LogSkipped(ILogger logger, string messageType, string? queue);
}

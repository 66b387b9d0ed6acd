using System.Diagnostics;
using Cica.Messaging.Inbox;
using Google.Protobuf;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Logging;

namespace Cica.Messaging.Trust;

/// <summary>
/// On RabbitMQ, lets a delivery reach the consumers only if the broker-validated user_id of its
/// publisher owns the event (<see cref="EventOwnership"/>). A forged event is not applied: it is
/// logged in one line, counted (cica.events.forged) and acknowledged, so it leaves the queue for good
/// (ack-and-drop: retrying it cannot make it genuine, and an error queue would offer it to the next
/// operator's re-drive). The dead-letter step then drops it silently (<see cref="SkippedMessageFilter"/>).
/// </summary>
public sealed partial class PublisherCheckFilter(EventOwnership ownership, string ownUser, ILogger logger) : IFilter<ConsumeContext>
{
    /// <inheritdoc />
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var userId = context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery) ? delivery.Properties.UserId : null;
        // A body this process cannot read as an event passes on: no consumer takes it, and the
        // dead-letter step drops it with its own line.
        if (!context.TryGetMessage<IMessage>(out var message)) return next.Send(context);
        var publishedBy = context.Headers.Get<string>(ErrorQueueMove.PublishedByHeader);
        if (ownership.Accepts(message.Message, userId, ownUser, publishedBy, out var owner)) return next.Send(context);

        context.ReceiveContext.GetOrAddPayload(() => new Refused());
        var type = message.Message.Descriptor.FullName;
        InboxMetrics.Forged.Add(1, new TagList
        {
            { "messaging.message.type", type },
            { "messaging.destination.name", QueueOf(context.ReceiveContext) },
            { "cica.publisher", userId ?? "(none)" },
        });
        LogForged(logger, type, context.MessageId, userId ?? "(no user_id)", owner is null ? "no service" : ownership.PublisherOf(owner),
            QueueOf(context.ReceiveContext));
        return Task.CompletedTask;
    }

    /// <summary>The queue a delivery came from (the last segment of its input address).</summary>
    internal static string? QueueOf(ReceiveContext context) => context.InputAddress?.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("cica-publisher-check");

    /// <summary>Marks a delivery this filter refused (the dead-letter step then drops it without another line).</summary>
    internal sealed class Refused;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forged event refused: {MessageType} {MessageId} published by broker user {UserId}, owned by {Owner} (queue {Queue}); dropped")]
    private static partial void LogForged(ILogger logger, string messageType, Guid? messageId, string userId, string owner, string? queue);
}

using Google.Protobuf;
using MassTransit;

namespace Cica.Gateway.Feed;

/// <summary>
/// Records one platform event type in the feed. The feed's unique message id is its inbox: a
/// redelivered event is recorded once, even when it arrives beside the first delivery (the look-up
/// and the insert run in one write, and the database's writes are serialised).
/// </summary>
public sealed class FeedConsumer<TMessage>(FeedStore store) : IConsumer<TMessage> where TMessage : class, IMessage
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id; it cannot be de-duplicated.");
        return store.RecordAsync(messageId.ToString(), context.Message, context.CancellationToken);
    }
}

using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.Serialization;
using RabbitMQ.Client;

namespace Cica.Messaging.Trust;

/// <summary>
/// Moves a message that failed every retry to its queue's _error queue, as MassTransit does, but
/// without the publisher's user_id: the broker refuses a publish whose user_id is not the
/// connection's user, so MassTransit's move (which copies every property) fails whenever the consumer
/// is not the publisher. The publisher's user travels on as the header cica-published-by; the
/// re-drive (Operations) publishes the message back without a user_id, and the consumer's publisher
/// check then refuses it, so a re-drive cannot turn a forged event into an accepted one.
/// </summary>
public sealed class ErrorQueueMove : IFilter<ExceptionReceiveContext>
{
    /// <summary>Header with the broker user that published a message now in an _error queue.</summary>
    public const string PublishedByHeader = "cica-published-by";

    private static readonly Dictionary<string, object?> NoArguments = [];

    /// <inheritdoc />
    public async Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (!context.TryGetPayload<ChannelContext>(out var channel) || !context.TryGetPayload<RabbitMqBasicConsumeContext>(out var delivery))
            throw new InvalidOperationException("ErrorQueueMove runs on RabbitMQ receive endpoints only.", context.Exception);

        var queue = context.InputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Last() + "_error";
        var properties = new BasicProperties(delivery.Properties) { UserId = null, Expiration = null };
        var amqpHeaders = properties.Headers is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>(properties.Headers);
        var exceptionHeaders = new DictionarySendHeaders(new Dictionary<string, object?>());
        exceptionHeaders.SetExceptionHeaders(context); // MT-Fault-*, MT-Reason, as MassTransit's move writes them
        foreach (var header in exceptionHeaders.GetAll()) amqpHeaders[header.Key] = AmqpValue(header.Value);
        if (delivery.Properties.UserId is { Length: > 0 } publisher) amqpHeaders[PublishedByHeader] = publisher;
        properties.Headers = amqpHeaders;

        var ct = context.CancellationToken;
        // The same entities MassTransit declares for an error queue (declaring again is a no-op).
        await channel.ExchangeDeclare(queue, ExchangeType.Fanout, true, false, NoArguments, ct);
        await channel.QueueDeclare(queue, true, false, false, NoArguments, ct);
        await channel.QueueBind(queue, queue, "", NoArguments, ct);
        await channel.BasicPublishAsync(queue, "", true, properties, context.GetBody(), true, ct);
        await next.Send(context);
    }

    // AMQP header tables carry strings, numbers and booleans; anything else as its text.
    private static object? AmqpValue(object? value) => value switch
    {
        null or string or int or long or bool or byte[] => value,
        DateTime time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset time => time.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context.CreateFilterScope("cica-error-queue-move");
}

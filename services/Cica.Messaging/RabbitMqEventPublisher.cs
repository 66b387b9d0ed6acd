using System.Diagnostics;
using Cica.Messaging.Outbox;
using Cica.Messaging.Serialization;
using Google.Protobuf;
using MassTransit;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cica.Messaging;

/// <summary>
/// Publishes outbox rows on RabbitMQ through RabbitMQ.Client, on a connection and confirm channel of
/// its own: MassTransit's publish path (send pipeline, serializer, per-message contexts) was the
/// relay's ceiling, about half of raw RabbitMQ.Client. The wire format is what MassTransit's consumers
/// (and <see cref="ProtobufMessageSerializer"/>) read: the event's fanout exchange named after its
/// protobuf full name, the protobuf body, content type application/x-protobuf, header
/// cica-message-type, the row's message id, persistent, and the connection's user as user_id (the
/// broker validates it; consumers check it against the event's owner).
/// </summary>
/// <remarks>
/// <para>Confirms are pipelined: every call hands its message to the channel at once and then waits
/// for the broker's confirm, so a batch of the relay is in flight together. Messages go out mandatory:
/// one the broker returns (no queue bound) fails with <see cref="UnroutableEventException"/> and stays in
/// the outbox.</para>
/// <para>Order: calls hand their messages to the channel in the order they were made (a chain of
/// hand-overs; RabbitMQ.Client then writes them under a FIFO lock), also across a reconnect, so the
/// broker receives a relay's rows in outbox order.</para>
/// <para>Recovery is the relay's: the client's own automatic recovery (5 s interval) is off; a call that
/// finds the connection or channel closed opens a new one, so a returning broker is used by the
/// relay's next attempt (at most <see cref="OutboxOptions.MaxRetryDelay"/> later). On every new
/// connection the exchanges of every event type are declared first, as the bus's publish topology
/// declares them (fanout, durable).</para>
/// <para>Trace context: the current span (the relay's "outbox publish" span, a child of the call that
/// wrote the event; the row's own context when no span is recorded) travels as MT-Activity-Id, the
/// header MassTransit's receive takes as its parent, and as W3C traceparent/tracestate.</para>
/// </remarks>
public sealed partial class RabbitMqEventPublisher(
    Uri amqp,
    IBusControl bus,
    ProtobufMessageTypes messageTypes,
    ILogger<RabbitMqEventPublisher> logger) : IEventPublisher, IAsyncDisposable
{
    // After a failed connect, the calls handed over right behind it fail at once rather than each
    // trying again: the relay retries the batch as a whole.
    private static readonly TimeSpan ConnectFailureHeld = TimeSpan.FromMilliseconds(50);

    private static readonly CreateChannelOptions ConfirmChannel = new(
        publisherConfirmationsEnabled: true,
        publisherConfirmationTrackingEnabled: true,
        outstandingPublisherConfirmationsRateLimiter: null); // the relay bounds what is in flight (its batch)

    private readonly ConnectionFactory _factory = new()
    {
        Uri = amqp,
        ClientProvidedName = $"{RabbitMqHost.User(amqp)} outbox relay",
        AutomaticRecoveryEnabled = false,
        TopologyRecoveryEnabled = false,
    };

    private readonly string _user = RabbitMqHost.User(amqp);
    private readonly string[] _eventExchanges = [.. messageTypes.Descriptors.Where(MessagingRegistration.IsEvent).Select(d => d.FullName)];

    // The open connection and channel, with the exchanges declared on that connection; replaced whole.
    private volatile Link? _link;

    // The hand-over of the last call: the next call hands its message over only after it.
    private Task _lastHandOver = Task.CompletedTask;

    private (Exception Error, long At)? _connectFailure;

    /// <inheritdoc />
    public async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        // The bus declares this process's queues and bindings: an event published before would miss them.
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
    }

    /// <inheritdoc />
    public async Task PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var (exchange, properties) = Prepare(message);
        var body = message.Payload;

        var handedOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = Interlocked.Exchange(ref _lastHandOver, handedOver.Task);
        ValueTask confirmed;
        try
        {
            // The common case, synchronous: every call before this one has handed its message over,
            // and the channel is open with the exchange declared.
            if (previous.IsCompleted && _link is { } link && link.Channel.IsOpen && link.Declared.Contains(exchange))
            {
                confirmed = link.Channel.BasicPublishAsync(exchange, "", mandatory: true, properties, body, ct);
            }
            else
            {
                // Not cancellable: the call before may be opening the connection, and only one may (it
                // honours the token itself, so the wait ends soon after a timeout).
                await previous;
                ct.ThrowIfCancellationRequested();
                var open = await OpenAsync(exchange, ct);
                confirmed = open.Channel.BasicPublishAsync(exchange, "", mandatory: true, properties, body, ct);
            }
        }
        finally
        {
            handedOver.SetResult();
        }

        try
        {
            await confirmed;
        }
        catch (PublishReturnException ex)
        {
            throw new UnroutableEventException($"the broker returned {message.MessageType} {message.MessageId}: no queue is bound to its exchange ({ex.ReplyText})", ex);
        }
    }

    // What goes on the wire besides the body; a row that cannot become a message fails here, before any hand-over.
    private (string Exchange, BasicProperties Properties) Prepare(OutboxMessage message)
    {
        var (descriptor, messageId, _) = OutboxEvent.Read(message, messageTypes); // the consumer parses the payload: one it would refuse is the row's fault

        var headers = new Dictionary<string, object?>(4) { [ProtobufHeaders.MessageType] = descriptor.FullName };
        var (traceParent, traceState) = TraceContext(message);
        if (traceParent is not null)
        {
            headers[ActivityIdHeader] = traceParent;
            headers[TraceParentHeader] = traceParent;
            if (!string.IsNullOrEmpty(traceState)) headers[TraceStateHeader] = traceState;
        }
        if (Activity.Current is { IsAllDataRequested: true } activity)
        {
            activity.SetTag("messaging.system", "rabbitmq");
            activity.SetTag("messaging.destination.name", descriptor.FullName);
        }
        return (descriptor.FullName, new BasicProperties
        {
            MessageId = messageId.ToString(),
            ContentType = ProtobufHeaders.ContentTypeValue,
            DeliveryMode = DeliveryModes.Persistent,
            UserId = _user,
            Headers = headers,
        });
    }

    /// <summary>MassTransit's receive takes this header (a W3C id) as its span's parent.</summary>
    internal const string ActivityIdHeader = "MT-Activity-Id";

    internal const string TraceParentHeader = "traceparent";
    internal const string TraceStateHeader = "tracestate";

    private static (string? Parent, string? State) TraceContext(OutboxMessage message) =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? (current.Id, current.TraceStateString)
            : (message.TraceParent, message.TraceState);

    // Only ever run by the one call at the head of the hand-over chain: no two at a time.
    private async Task<Link> OpenAsync(string exchange, CancellationToken ct)
    {
        var link = _link;
        if (link is null || !link.Connection.IsOpen)
        {
            _link = null;
            if (link is not null) await CloseAsync(link.Connection);
            link = await ConnectAsync(ct);
        }
        else if (!link.Channel.IsOpen)
        {
            // The broker closed the channel (a refused publish): a new one on the same connection.
            link.Channel.Dispose();
            link = link with { Channel = await link.Connection.CreateChannelAsync(ConfirmChannel, ct) };
        }
        if (!link.Declared.Contains(exchange))
        {
            await link.Channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            link = link with { Declared = new HashSet<string>(link.Declared) { exchange } };
        }
        _link = link;
        return link;
    }

    // A new connection and confirm channel, with every event type's exchange declared as the bus's
    // publish topology declares it (fanout, durable, not auto-deleted).
    private async Task<Link> ConnectAsync(CancellationToken ct)
    {
        if (_connectFailure is { } failure && Stopwatch.GetElapsedTime(failure.At) < ConnectFailureHeld)
            throw new BrokerUnreachableException(failure.Error);
        IConnection? connection = null;
        try
        {
            connection = await _factory.CreateConnectionAsync(ct);
            var channel = await connection.CreateChannelAsync(ConfirmChannel, ct);
            foreach (var exchange in _eventExchanges)
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            _connectFailure = null;
            LogConnected(logger, _user, amqp.Host, amqp.Port);
            var link = new Link(connection, channel, _eventExchanges.ToHashSet());
            connection = null;
            return link;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _connectFailure = (ex, Stopwatch.GetTimestamp());
            throw;
        }
        finally
        {
            if (connection is not null) await CloseAsync(connection);
        }
    }

    private static async Task CloseAsync(IConnection connection)
    {
        try
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception)
        {
            // Already gone with the broker.
        }
        connection.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_link is { } link) await CloseAsync(link.Connection);
        _link = null;
    }

    // Immutable once published in _link (a declared exchange makes a new Link).
    private sealed record Link(IConnection Connection, IChannel Channel, IReadOnlySet<string> Declared);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox relay publisher connected to RabbitMQ as {User} at {Host}:{Port}")]
    private static partial void LogConnected(ILogger logger, string user, string host, int port);
}

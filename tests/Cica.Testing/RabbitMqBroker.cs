using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Xunit;

namespace Cica.Testing;

/// <summary>
/// The private RabbitMQ node of the test run, started by deploy/scripts/test.sh, which exports
/// CICA_TEST_RABBITMQ (its amqp:// URI) and CICA_TEST_RABBITMQ_CTL (the script that stops and starts it).
/// </summary>
public static class RabbitMqBroker
{
    /// <summary>The broker's amqp:// URI; fails the test with instructions when there is none.</summary>
    public static string Uri => Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ") is { Length: > 0 } uri
        ? uri
        : throw new InvalidOperationException("No test broker: run the tests with deploy/scripts/test.sh, which starts a private RabbitMQ and sets CICA_TEST_RABBITMQ.");

    /// <summary>
    /// The amqp:// URI of a new virtual host of the test broker: exchanges and queues of its own, so
    /// the services' durable queues (fixed names) left by one test cannot feed another.
    /// </summary>
    public static async Task<string> IsolatedUriAsync()
    {
        var vhost = "test-" + Guid.NewGuid().ToString("N")[..12];
        await ControlAsync("add-vhost", vhost);
        return Uri.TrimEnd('/') + "/" + vhost;
    }

    /// <summary>
    /// <paramref name="uri"/> (a vhost of the test broker) as the service's own broker user
    /// cica-{service}, as rabbitmq.sh creates it: it may publish only to its own event exchanges and
    /// read only its own queues. guest (<see cref="Uri"/>) keeps every right, for the topology
    /// deployment and the tests' raw publishes.
    /// </summary>
    public static string As(string service, string uri)
    {
        var password = Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ_SERVICE_PASSWORD") is { Length: > 0 } p
            ? p
            : throw new InvalidOperationException("CICA_TEST_RABBITMQ_SERVICE_PASSWORD is not set: run the tests with deploy/scripts/test.sh.");
        return new UriBuilder(uri) { UserName = "cica-" + service, Password = password }.Uri.AbsoluteUri;
    }

    /// <summary>Stops the broker node (blocks until it is down).</summary>
    public static Task StopAsync() => ControlAsync("stop");

    /// <summary>Starts the broker node again with the same data (blocks until it accepts connections).</summary>
    public static Task StartAsync() => ControlAsync("start");

    /// <summary>Kills the broker node with SIGKILL (no orderly stop); <see cref="StartAsync"/> brings it back over its data.</summary>
    public static Task CrashAsync() => ControlAsync("crash");

    /// <summary>
    /// Restarts the node EMPTY (its mnesia directory deleted: no queue, exchange, binding or message
    /// survives), then declares the virtual host of <paramref name="uri"/> again, as an operator
    /// recreating a lost node would.
    /// </summary>
    public static async Task WipeAsync(string uri)
    {
        await ControlAsync("wipe");
        var vhost = new System.Uri(uri).AbsolutePath.Trim('/');
        if (vhost.Length > 0) await ControlAsync("add-vhost", vhost);
    }

    /// <summary>An AMQP connection to the broker (to <paramref name="uri"/>'s virtual host, default "/").</summary>
    public static Task<IConnection> ConnectAsync(string? uri = null) =>
        new ConnectionFactory { Uri = new System.Uri(uri ?? Uri), ClientProvidedName = "cica-tests" }.CreateConnectionAsync();

    private static async Task ControlAsync(params string[] verb)
    {
        var ctl = Environment.GetEnvironmentVariable("CICA_TEST_RABBITMQ_CTL")
            ?? throw new InvalidOperationException("CICA_TEST_RABBITMQ_CTL is not set: run the tests with deploy/scripts/test.sh.");
        using var process = Process.Start(new ProcessStartInfo("bash", [ctl, .. verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"rabbitmq.sh {string.Join(' ', verb)} failed ({process.ExitCode}): {await stdout}{await stderr}");
    }
}

/// <summary>
/// A durable queue of the test's own, bound to the fanout exchange of one event type (named after its
/// protobuf full name), collecting what arrives: the view of any consumer that knows only the .proto.
/// </summary>
public sealed class EventQueue : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly List<BasicDeliverEventArgsCopy> _received = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private EventQueue(IConnection connection, IChannel channel, string queue)
    {
        _connection = connection;
        _channel = channel;
        Queue = queue;
    }

    /// <summary>The queue's name.</summary>
    public string Queue { get; }

    /// <summary>Messages received so far.</summary>
    public IReadOnlyList<BasicDeliverEventArgsCopy> Received { get { lock (_received) return [.. _received]; } }

    /// <summary>
    /// Declares the exchange (as MassTransit does: fanout, durable) and a queue bound to it, on the
    /// virtual host of <paramref name="uri"/>.
    /// </summary>
    public static async Task<EventQueue> BindAsync(string uri, string exchange, string queue)
    {
        var connection = await RabbitMqBroker.ConnectAsync(uri);
        var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, "");
        return new EventQueue(connection, channel, queue);
    }

    /// <summary>Starts consuming (call again after a broker restart, on a new EventQueue).</summary>
    public async Task StartConsumingAsync()
    {
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            lock (_received) _received.Add(new BasicDeliverEventArgsCopy(delivery.BasicProperties.MessageId, delivery.Body.ToArray(),
                delivery.BasicProperties.Headers?.ToDictionary(h => h.Key, h => h.Value))
            {
                UserId = delivery.BasicProperties.UserId,
                ContentType = delivery.BasicProperties.ContentType,
                Persistent = delivery.BasicProperties.Persistent,
            });
            _arrived.Release();
            await _channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await _channel.BasicConsumeAsync(Queue, autoAck: false, consumer);
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived, failing after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{Queue}: {Received.Count} of {count} messages arrived in {timeout}.");
            await _arrived.WaitAsync(left);
        }
    }

    /// <summary>Waits until a message satisfying <paramref name="match"/> has arrived, and returns it.</summary>
    public async Task<BasicDeliverEventArgsCopy> WaitForAsync(Func<BasicDeliverEventArgsCopy, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Received.FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{Queue}: no matching message among {Received.Count} in {timeout}.");
            await _arrived.WaitAsync(left);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.QueueDeleteAsync(Queue);
            await _channel.CloseAsync();
            await _connection.CloseAsync();
        }
        catch (Exception) { /* the broker may be down in a fault test */ }
        _channel.Dispose();
        _connection.Dispose();
        _arrived.Dispose();
    }
}

/// <summary>One received message: its id, body bytes and headers.</summary>
public sealed record BasicDeliverEventArgsCopy(string? MessageId, byte[] Body, IDictionary<string, object?>? Headers)
{
    /// <summary>The AMQP user_id (the broker validated it against the publisher's connection).</summary>
    public string? UserId { get; init; }

    /// <summary>The AMQP content_type.</summary>
    public string? ContentType { get; init; }

    /// <summary>Delivery mode 2 (persistent).</summary>
    public bool Persistent { get; init; }
}

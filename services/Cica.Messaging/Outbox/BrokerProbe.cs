using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Cica.Messaging.Outbox;

/// <summary>
/// A small AMQP connection of the process's own, next to the bus's, that asks RabbitMQ what exists:
/// passive declares, which the broker answers for any user of the virtual host (they check no
/// configure permission: a producer may look for another service's queue, though it may not declare
/// it). Its connection is not recovered automatically: each new one is a new <see cref="Epoch"/>, so
/// whoever asks learns that the broker may have come back (possibly empty) since it last looked.
/// </summary>
public sealed class BrokerProbe(Uri broker) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;
    private long _epoch;

    /// <summary>The number of the current connection; changes with each (re)connection.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>Connects if the last connection ended (a new epoch); throws when the broker is unreachable.</summary>
    public async Task<long> ConnectAsync(CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            await ChannelAsync(ct);
            return _epoch;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Whether the queue exists (passive queue.declare).</summary>
    public Task<bool> QueueExistsAsync(string queue, CancellationToken ct) =>
        ExistsAsync(channel => channel.QueueDeclarePassiveAsync(queue, ct), ct);

    /// <summary>
    /// Declares the durable exchange <paramref name="marker"/> (within the names the caller may
    /// configure) if it does not exist; true when it was missing, i.e. the broker lost it.
    /// </summary>
    public async Task<bool> EnsureMarkerAsync(string marker, CancellationToken ct)
    {
        if (await ExistsAsync(channel => channel.ExchangeDeclarePassiveAsync(marker, ct), ct)) return false;
        await _lock.WaitAsync(ct);
        try
        {
            var channel = await ChannelAsync(ct);
            await channel.ExchangeDeclareAsync(marker, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<bool> ExistsAsync(Func<IChannel, Task> declarePassive, CancellationToken ct)
    {
        await _lock.WaitAsync(ct);
        try
        {
            var channel = await ChannelAsync(ct);
            try
            {
                await declarePassive(channel);
                return true;
            }
            catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                // NOT_FOUND closes the channel: the next question opens another.
                await DropChannelAsync();
                return false;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken ct)
    {
        if (_connection is not { IsOpen: true })
        {
            await DropChannelAsync();
            if (_connection is not null) await DisposeQuietlyAsync(_connection);
            _connection = null;
            var factory = new ConnectionFactory
            {
                Uri = broker,
                ClientProvidedName = "cica-outbox-probe",
                AutomaticRecoveryEnabled = false, // a new connection is a new epoch: the caller must look again
                TopologyRecoveryEnabled = false,
                RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
            };
            _connection = await factory.CreateConnectionAsync(ct);
            Interlocked.Increment(ref _epoch);
        }
        if (_channel is not { IsOpen: true })
        {
            await DropChannelAsync();
            _channel = await _connection.CreateChannelAsync(cancellationToken: ct);
        }
        return _channel;
    }

    private async Task DropChannelAsync()
    {
        if (_channel is null) return;
        await DisposeQuietlyAsync(_channel);
        _channel = null;
    }

    private static async Task DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync();
        }
        catch (Exception)
        {
            // Already closed by the broker or the network.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DropChannelAsync();
        if (_connection is not null) await DisposeQuietlyAsync(_connection);
        _lock.Dispose();
    }
}

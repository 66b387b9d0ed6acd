using Cica.Contracts.Gateway.V1;
using Cica.Testing;
using Grpc.Core;

namespace Cica.FaultInjection;

/// <summary>
/// A client of the gateway's live feed, as another government's system would follow it: one
/// SubscribeEvents stream, and when it breaks (the gateway restarting) a new one after the last
/// sequence it received, its cursor. Everything it received is kept, in order.
/// </summary>
public sealed class FeedFollower : IAsyncDisposable
{
    private readonly Uri _gateway;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<FeedEvent> _received = [];
    private readonly Task _loop;
    private long _cursor;
    private int _reconnects;

    private FeedFollower(Uri gateway)
    {
        _gateway = gateway;
        _loop = Task.Run(FollowAsync);
    }

    /// <summary>Starts following the feed of the gateway at <paramref name="gateway"/> from its first event.</summary>
    public static FeedFollower Start(Uri gateway) => new(gateway);

    /// <summary>Events received so far, in the order received.</summary>
    public IReadOnlyList<FeedEvent> Received { get { lock (_received) return [.. _received]; } }

    /// <summary>Times the stream broke and was opened again with the cursor.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    private async Task FollowAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var channel = DefaultCallerHandler.Channel(_gateway);
                using var call = new GatewayService.GatewayServiceClient(channel)
                    .SubscribeEvents(new SubscribeEventsRequest { AfterSequence = _cursor }, cancellationToken: _stop.Token);
                while (await call.ResponseStream.MoveNext(_stop.Token))
                {
                    var e = call.ResponseStream.Current.Event;
                    lock (_received) _received.Add(e);
                    _cursor = e.Sequence;
                }
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or IOException)
            {
                // The gateway is down or restarting: resume after the cursor.
            }
            Interlocked.Increment(ref _reconnects);
            try
            {
                await Task.Delay(200, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

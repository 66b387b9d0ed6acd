using System.Threading.Channels;

namespace Cica.Persistence;

/// <summary>
/// Tells waiters that a transaction carrying events has committed, so the outbox relay publishes
/// at once instead of at its next poll. A missed signal costs only latency: the relay also polls.
/// </summary>
public sealed class CommitSignal
{
    // Capacity one, extra signals dropped: many commits before the relay wakes need one wake-up.
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Wakes the waiter.</summary>
    public void Notify() => _signal.Writer.TryWrite(true);

    /// <summary>Waits for a commit or the timeout; true when a commit was signalled.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(timeout);
        try
        {
            await _signal.Reader.ReadAsync(timer.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}

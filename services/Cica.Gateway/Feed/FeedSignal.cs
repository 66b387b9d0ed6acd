namespace Cica.Gateway.Feed;

/// <summary>
/// Wakes every waiting subscription when events are committed to the feed (many waiters, unlike the
/// outbox's one relay). A missed wake-up costs only latency: subscriptions also poll.
/// </summary>
public sealed class FeedSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The task the next commit completes.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    /// <summary>Wakes the current waiters.</summary>
    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

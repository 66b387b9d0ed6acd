using MassTransit;

namespace Cica.Testing;

/// <summary>
/// Counts the messages a host's consumers have finished with (applied, or recognised by the inbox as
/// already applied); connect it with IBusControl.ConnectConsumeObserver. Optionally only one type.
/// </summary>
public sealed class ConsumeCounter(Type? messageType = null) : IConsumeObserver
{
    private int _count;

    /// <summary>Messages finished with so far.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Waits until at least <paramref name="count"/> messages were finished with.</summary>
    public async Task WaitForAsync(int count, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (Count < count)
        {
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"consumers finished with {Count} {messageType?.Name ?? "messages"}, not {count}, in {patience}.");
            await Task.Delay(20);
        }
    }

    /// <inheritdoc />
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        if (messageType is null || context.Message.GetType() == messageType) Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}

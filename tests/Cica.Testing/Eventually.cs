using Grpc.Core;

namespace Cica.Testing;

/// <summary>Waiting, within a bound, for what arrives asynchronously (events between services).</summary>
public static class Eventually
{
    /// <summary>
    /// Retries a write that is refused with FAILED_PRECONDITION while the event it depends on has not
    /// arrived yet (a refused write changes nothing), until it succeeds or <paramref name="patience"/> ends.
    /// </summary>
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> write, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            try
            {
                return await write();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; TimeoutException naming <paramref name="what"/> after <paramref name="patience"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Not within {patience}: {what}.");
            await Task.Delay(100);
        }
    }
}

using Cica.Testing;
using Google.Rpc;
using Grpc.Core;

namespace Cica.ConceptPapers.Tests;

/// <summary>
/// Waiting, within a bound, for CBM Coordination's events to reach the read model: until they do, a
/// write is refused as from an unknown area (NOT_FOUND) or a non-coordinator (PERMISSION_DENIED),
/// and a refused write changes nothing, so it can be retried.
/// </summary>
public static class Arrival
{
    /// <summary>Retries <paramref name="write"/> while the facts it needs have not arrived.</summary>
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> write, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                return await write();
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.FailedPrecondition
                                          && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// Retries <paramref name="write"/>, a probe that can never succeed (e.g. it carries a stale etag,
    /// checked after the permission), until it is refused with <paramref name="code"/> and <paramref name="reason"/>.
    /// </summary>
    public static async Task<ErrorInfo> RefusedAsync(StatusCode code, string reason, Func<Task> write, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await write();
                Assert.Fail("The probe succeeded: it must be a write that changes nothing.");
            }
            catch (RpcException ex) when (ex.StatusCode == code && ex.GetRpcStatus()?.GetDetail<ErrorInfo>() is { } info && info.Reason == reason)
            {
                return info;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline) { }
            if (DateTime.UtcNow >= deadline) return await RpcAssert.FailsWithReason(code, reason, write);
            await Task.Delay(100);
        }
    }
}

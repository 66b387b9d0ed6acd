using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Cica.Testing;

/// <summary>Assertions on the google.rpc.Status a call fails with.</summary>
public static class RpcAssert
{
    /// <summary>Asserts the call fails with <paramref name="code"/>; returns the exception.</summary>
    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == code, $"expected {code}, got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    /// <summary>Asserts INVALID_ARGUMENT whose BadRequest names <paramref name="field"/>.</summary>
    public static async Task<RpcException> InvalidField(string field, Func<Task> call)
    {
        var ex = await FailsWith(StatusCode.InvalidArgument, call);
        var fields = Fields(ex);
        Assert.True(fields.Contains(field), $"expected a violation of '{field}', got [{string.Join(", ", fields)}]: {ex.Status.Detail}");
        return ex;
    }

    /// <summary>Asserts <paramref name="code"/> with an ErrorInfo of <paramref name="reason"/>.</summary>
    public static async Task<ErrorInfo> FailsWithReason(StatusCode code, string reason, Func<Task> call)
    {
        var ex = await FailsWith(code, call);
        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.True(info is not null, $"no ErrorInfo in {ex.Status.Detail}");
        Assert.Equal(reason, info!.Reason);
        return info;
    }

    /// <summary>The fields a BadRequest detail names.</summary>
    public static IReadOnlyList<string> Fields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}

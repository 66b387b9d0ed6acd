using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.ServiceDefaults.Callers;
using Google.Protobuf;
using Grpc.Core;

namespace Cica.ServiceKit.Writes;

/// <summary>
/// The one path of every write RPC: caller → authorization → validation → one all-or-nothing write
/// (request_id replay, the rules with their state changes and outbox events, the retry record) →
/// durable commit → response. Refusals are domain exceptions; the edge maps them to gRPC statuses.
/// </summary>
public sealed class WritePipeline<TDatabase>(TDatabase database, ICallerResolver callers, TimeProvider clock) where TDatabase : Database
{
    /// <summary>Runs <paramref name="write"/> for <paramref name="request"/>.</summary>
    public async Task<TResponse> RunAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, Write<TResponse> write)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var caller = callers.Resolve(context);
        write.Authorize?.Invoke(caller);

        var violations = new FieldViolations();
        write.Validate?.Invoke(violations);
        violations.AddIf("request_id", RetriedRequests.Problem(write.RequestId));
        violations.ThrowIfAny();

        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        // One caller's request_id never returns another caller's result.
        var operation = $"{MethodName(context.Method)}:{caller}";
        return await database.WriteAsync(uow => RetriedRequests.RunOnceAsync(uow, operation, write.RequestId, request,
            () => write.Apply(new WriteContext(uow, caller, now, ct)), ct), ct);
    }

    // "/cica.membership.v1.MembershipService/AdmitMemberState" → "AdmitMemberState".
    private static string MethodName(string method) => method[(method.LastIndexOf('/') + 1)..];
}

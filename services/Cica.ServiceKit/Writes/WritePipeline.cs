using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;
using Cica.ServiceDefaults.Callers;
using Cica.ServiceKit.Audit;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Cica.ServiceKit.Writes;

/// <summary>
/// The one path of every write RPC: caller → authorization (observers read only) → validation →
/// one all-or-nothing write (request_id replay, the rules with their state changes and outbox
/// events, the retry record, the audit record) → durable commit → response. A refused write is
/// audited too, in a small write of its own. Refusals are domain exceptions; the edge maps them to
/// gRPC statuses.
/// </summary>
public sealed partial class WritePipeline<TDatabase>(TDatabase database, ICallerResolver callers, TimeProvider clock, ILogger<WritePipeline<TDatabase>> logger)
    where TDatabase : Database
{
    /// <summary>Runs <paramref name="write"/> for <paramref name="request"/>.</summary>
    public async Task<TResponse> RunAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, Write<TResponse> write)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        var caller = callers.Resolve(context); // no principal: UNAUTHENTICATED, before anything is recorded
        var method = context.Method.TrimStart('/');
        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        try
        {
            if (caller.IsObserver)
                throw new NotPermittedException("OBSERVER_READ_ONLY", $"Observers read only; the caller is {caller}.")
                {
                    Metadata = new Dictionary<string, string> { ["caller"] = caller.ToString() },
                };
            write.Authorize?.Invoke(caller);

            var violations = new FieldViolations();
            write.Validate?.Invoke(violations);
            violations.AddIf("request_id", RetriedRequests.Problem(write.RequestId));
            violations.ThrowIfAny();

            // One caller's request_id never returns another caller's result.
            var operation = $"{MethodName(context.Method)}:{caller}";
            return await database.WriteAsync(async uow =>
            {
                var response = await RetriedRequests.RunOnceAsync(uow, operation, write.RequestId, request,
                    () => write.Apply(new WriteContext(uow, caller, now, ct)), ct);
                await AuditTrail.AppendAsync(uow, now, caller, method, AuditTrail.ResourceOf(request, response), AuditTrail.Committed, "", ct);
                return response;
            }, ct);
        }
        catch (DomainException refusal)
        {
            await RecordRefusalAsync(caller, method, request, refusal, now);
            throw;
        }
    }

    // A refusal leaves no change but its trace: one small write of its own. If that write fails,
    // the caller still gets the refusal; operations get the failure in the log.
    private async Task RecordRefusalAsync(Caller caller, string method, IMessage request, DomainException refusal, DateTimeOffset now)
    {
        try
        {
            await database.WriteAsync(uow => AuditTrail.AppendAsync(uow, now, caller, method, AuditTrail.ResourceOf(request),
                AuditTrail.OutcomeOf(refusal), refusal.Reason ?? "", CancellationToken.None), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogAuditFailed(logger, ex, method);
        }
    }

    // "/cica.membership.v1.MembershipService/AdmitMemberState" → "AdmitMemberState".
    private static string MethodName(string method) => method[(method.LastIndexOf('/') + 1)..];

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record a refused {Method} in the audit trail")]
    private static partial void LogAuditFailed(ILogger logger, Exception exception, string method);
}

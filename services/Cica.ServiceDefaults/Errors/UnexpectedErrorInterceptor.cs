using System.Data.Common;
using System.Diagnostics;
using Cica.Domain.Errors;
using Cica.Persistence.Dialects;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Cica.ServiceDefaults.Errors;

/// <summary>
/// The edge of every service: a refusal by the rules (<see cref="DomainException"/>) becomes its
/// gRPC status here, once. It also turns what no handler expected into a status a caller can act on: a transient database failure
/// (busy, locked, unreachable) is UNAVAILABLE (retry), anything else INTERNAL with the trace id to
/// quote to operations, never the exception's text.
/// </summary>
public sealed partial class UnexpectedErrorInterceptor(ILogger<UnexpectedErrorInterceptor> logger) : Interceptor
{
    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToStatus(ex, context);
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        // A streaming method refuses (e.g. a bad filter) like a unary one: the same statuses.
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw ToStatus(ex, context);
        }
    }

    private RpcException ToStatus(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case DomainException refusal:
                return RpcErrors.From(refusal);
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
            // A stream written after its caller left or its deadline passed: grpc-dotnet refuses the
            // write ("the request is complete") with InvalidOperationException. The call ended; nothing failed.
            case InvalidOperationException when context.CancellationToken.IsCancellationRequested:
                return new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            case DbException ex when SqlDialect.IsTransientFailure(ex):
                // Busy, locked, timed out or disconnected: worth retrying. Any other database error is a
                // bug or a broken schema, which retrying would not cure: INTERNAL below.
                LogDatabaseFailure(logger, ex, context.Method);
                return RpcErrors.Unavailable("DATABASE_UNAVAILABLE", "The service's database is busy or unreachable; retry later.");
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? "none";
                LogUnexpected(logger, exception, context.Method, traceId);
                return new RpcException(new Status(StatusCode.Internal, $"Internal error; trace id {traceId}."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database failure in {Method}")]
    private static partial void LogDatabaseFailure(ILogger logger, Exception exception, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}

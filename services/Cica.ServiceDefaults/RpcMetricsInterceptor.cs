using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Cica.ServiceDefaults;

/// <summary>
/// RPC rate and latency after OpenTelemetry's RPC conventions: the histogram rpc.server.duration
/// (milliseconds; its count is the rate) with rpc.system=grpc, rpc.service, rpc.method and
/// rpc.grpc.status_code, so a dashboard groups by method and outcome without parsing HTTP routes
/// (ASP.NET Core's http.server.request.duration is exported as well). Outermost interceptor: it sees
/// the status the caller gets, after the domain's refusals have been mapped.
/// </summary>
public sealed class RpcMetricsInterceptor : Interceptor
{
    /// <summary>Name of the Meter.</summary>
    public const string MeterName = "Cica.Rpc";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("rpc.server.duration", unit: "ms",
        description: "Duration of inbound gRPC calls, to the status sent");

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            Record(context, started, context.Status.StatusCode);
            return response;
        }
        catch (Exception ex)
        {
            Record(context, started, ex is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown);
            throw;
        }
    }

    /// <inheritdoc />
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            Record(context, started, context.Status.StatusCode);
        }
        catch (Exception ex)
        {
            Record(context, started, ex is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown);
            throw;
        }
    }

    private static void Record(ServerCallContext context, long started, StatusCode status)
    {
        // context.Method is "/package.Service/Method".
        var method = context.Method.AsSpan().TrimStart('/');
        var slash = method.LastIndexOf('/');
        var tags = new TagList
        {
            { "rpc.system", "grpc" },
            { "rpc.service", slash < 0 ? method.ToString() : method[..slash].ToString() },
            { "rpc.method", slash < 0 ? "" : method[(slash + 1)..].ToString() },
            { "rpc.grpc.status_code", (int)status },
        };
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
    }
}

using Cica.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Cica.Gateway.Forwarding;

/// <summary>
/// A forward that failed before the service answered (refused, reset, timed out connecting) ends as
/// a gRPC status, UNAVAILABLE with reason SERVICE_UNAVAILABLE, which clients retry; YARP's bare
/// HTTP 502 would reach a gRPC client with no status of the service's. A status the service sent
/// (any code, with its details) is its answer and passes through untouched.
/// </summary>
public static class ForwardingFailures
{
    /// <summary>Adds the translation to the proxy's pipeline.</summary>
    public static IApplicationBuilder UseForwardingFailures(this IApplicationBuilder pipeline) => pipeline.Use(async (context, next) =>
    {
        await next();
        if (context.GetForwarderErrorFeature() is { } failure && !context.Response.HasStarted)
            await GrpcStatusResponse.WriteAsync(context, StatusCode.Unavailable, "SERVICE_UNAVAILABLE",
                $"The service of {context.Request.Path} could not be reached ({failure.Error}).", StatusCodes.Status502BadGateway);
    });
}

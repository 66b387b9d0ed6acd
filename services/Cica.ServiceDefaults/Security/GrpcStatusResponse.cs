using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using RpcStatus = Google.Rpc.Status;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// A gRPC status written by middleware before any handler runs (trailers-only response: HTTP 200
/// with grpc-status, grpc-message and grpc-status-details-bin), so that a client sees the precise
/// code (UNAUTHENTICATED, RESOURCE_EXHAUSTED) rather than one derived from an HTTP status (429
/// would read as UNAVAILABLE, which clients retry). REST/JSON callers get the matching HTTP status.
/// </summary>
public static class GrpcStatusResponse
{
    // JSON of a status with its details: the formatter must know the detail types to write an Any.
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor)));

    /// <summary>True when the request is a gRPC call (not REST/JSON).</summary>
    public static bool IsGrpc(HttpContext http) =>
        http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>Writes <paramref name="code"/> with an ErrorInfo of <paramref name="reason"/>.</summary>
    public static async Task WriteAsync(HttpContext http, StatusCode code, string reason, string message, int httpStatus)
    {
        var status = new RpcStatus
        {
            Code = (int)code,
            Message = message,
            Details = { Any.Pack(new ErrorInfo { Domain = Errors.RpcErrors.Domain, Reason = reason }) },
        };
        var response = http.Response;
        if (response.HasStarted) return;
        if (!IsGrpc(http))
        {
            response.StatusCode = httpStatus;
            response.ContentType = "application/json";
            await response.WriteAsync(Json.Format(status));
            return;
        }
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
        await response.CompleteAsync();
    }
}

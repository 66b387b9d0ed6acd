using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RpcStatus = Google.Rpc.Status;

namespace Cica.ServiceDefaults.Errors;

/// <summary>
/// The errors a service returns, as google.rpc.Status with standard details, so that a caller in
/// any language learns which field was wrong (BadRequest) or which rule refused the change
/// (ErrorInfo with a stable reason).
/// </summary>
public static class RpcErrors
{
    /// <summary>The ErrorInfo domain of every platform error.</summary>
    public const string Domain = "cica-platform";

    /// <summary>INVALID_ARGUMENT naming one field.</summary>
    public static RpcException InvalidArgument(string field, string description) =>
        InvalidArgument([new BadRequest.Types.FieldViolation { Field = field, Description = description }]);

    /// <summary>INVALID_ARGUMENT naming every offending field.</summary>
    public static RpcException InvalidArgument(IReadOnlyCollection<BadRequest.Types.FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(violations);
        var summary = string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"));
        return Build(Code.InvalidArgument, summary, Any.Pack(badRequest));
    }

    /// <summary>NOT_FOUND for a resource name.</summary>
    public static RpcException NotFound(string resourceName) =>
        Build(Code.NotFound, $"{resourceName} does not exist.",
            Any.Pack(new ResourceInfo { ResourceName = resourceName, Description = "not found" }));

    /// <summary>FAILED_PRECONDITION: a rule of the domain forbids the change in the current state.</summary>
    public static RpcException FailedPrecondition(string reason, string message, IDictionary<string, string>? metadata = null) =>
        Build(Code.FailedPrecondition, message, Info(reason, metadata));

    /// <summary>ALREADY_EXISTS: a create whose resource is already there.</summary>
    public static RpcException AlreadyExists(string reason, string message, IDictionary<string, string>? metadata = null) =>
        Build(Code.AlreadyExists, message, Info(reason, metadata));

    /// <summary>ABORTED: the etag sent is not the resource's current one.</summary>
    public static RpcException StaleEtag(string resourceName) =>
        Build(Code.Aborted, $"{resourceName} has changed since it was read (etag mismatch); read it again and retry.",
            Info("ETAG_MISMATCH", new Dictionary<string, string> { ["resource"] = resourceName }));

    /// <summary>PERMISSION_DENIED: the caller may not make this write.</summary>
    public static RpcException PermissionDenied(string reason, string message, IDictionary<string, string>? metadata = null) =>
        Build(Code.PermissionDenied, message, Info(reason, metadata));

    /// <summary>UNAUTHENTICATED: the call does not say who makes it.</summary>
    public static RpcException Unauthenticated(string message) =>
        Build(Code.Unauthenticated, message, Info("CALLER_UNKNOWN", null));

    /// <summary>UNAVAILABLE: the service is starting or a dependency is busy; retry later.</summary>
    public static RpcException Unavailable(string reason, string message) =>
        Build(Code.Unavailable, message, Info(reason, null));

    private static Any Info(string reason, IDictionary<string, string>? metadata)
    {
        var info = new ErrorInfo { Domain = Domain, Reason = reason };
        if (metadata is not null) info.Metadata.Add(metadata);
        return Any.Pack(info);
    }

    private static RpcException Build(Code code, string message, Any detail) =>
        new RpcStatus { Code = (int)code, Message = message, Details = { detail } }.ToRpcException();
}

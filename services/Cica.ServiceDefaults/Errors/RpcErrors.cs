using Cica.Domain.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using RpcStatus = Google.Rpc.Status;

namespace Cica.ServiceDefaults.Errors;

/// <summary>
/// The errors a service returns, as google.rpc.Status with standard details, so that a caller in
/// any language learns which field was wrong (BadRequest) or which rule refused the change
/// (ErrorInfo with a stable reason). Rules raise domain refusals; <see cref="From"/> is where they
/// become statuses.
/// </summary>
public static class RpcErrors
{
    /// <summary>The ErrorInfo domain of every platform error.</summary>
    public const string Domain = "cica-platform";

    /// <summary>The status of a refusal by the rules: the one place domain outcomes become gRPC.</summary>
    public static RpcException From(DomainException refusal) => refusal switch
    {
        InvalidRequestException invalid => InvalidArgument(invalid),
        ResourceNotFoundException notFound => Build(Code.NotFound, notFound.Message,
            Any.Pack(new ResourceInfo { ResourceName = notFound.ResourceName, Description = "not found" })),
        StaleEtagException stale => Build(Code.Aborted, stale.Message,
            Info("ETAG_MISMATCH", new Dictionary<string, string> { ["resource"] = stale.ResourceName })),
        DuplicateException duplicate => Build(Code.AlreadyExists, duplicate.Message, Info(duplicate.Reason!, duplicate.Metadata)),
        NotPermittedException denied => Build(Code.PermissionDenied, denied.Message, Info(denied.Reason!, denied.Metadata)),
        RuleViolationException rule => Build(Code.FailedPrecondition, rule.Message, Info(rule.Reason!, rule.Metadata)),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.GetType().Name, "A kind of refusal without a status."),
    };

    /// <summary>UNAUTHENTICATED: the call does not say who makes it.</summary>
    public static RpcException Unauthenticated(string message) =>
        Build(Code.Unauthenticated, message, Info("CALLER_UNKNOWN", null));

    /// <summary>UNAVAILABLE: the service is starting or a dependency is busy; retry later.</summary>
    public static RpcException Unavailable(string reason, string message) =>
        Build(Code.Unavailable, message, Info(reason, null));

    // INVALID_ARGUMENT naming every offending field.
    private static RpcException InvalidArgument(InvalidRequestException invalid)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(invalid.Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return Build(Code.InvalidArgument, invalid.Message, Any.Pack(badRequest));
    }

    private static Any Info(string reason, IEnumerable<KeyValuePair<string, string>>? metadata)
    {
        var info = new ErrorInfo { Domain = Domain, Reason = reason };
        if (metadata is not null) foreach (var (key, value) in metadata) info.Metadata[key] = value;
        return Any.Pack(info);
    }

    private static RpcException Build(Code code, string message, Any detail) =>
        new RpcStatus { Code = (int)code, Message = message, Details = { detail } }.ToRpcException();
}

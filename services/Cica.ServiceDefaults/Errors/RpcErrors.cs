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
            Any.Pack(new ResourceInfo { ResourceName = Bounded(notFound.ResourceName, MaxValue), Description = "not found" })),
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

    /// <summary>INVALID_ARGUMENT: the request's bytes are not a message of its type (truncated, bad wire type, invalid UTF-8).</summary>
    public static RpcException MalformedRequest() =>
        Build(Code.InvalidArgument, "The request is not a valid protobuf message of the method's request type.", Info("MALFORMED_REQUEST", null));

    /// <summary>RESOURCE_EXHAUSTED: the caller made too many calls; retry after a pause.</summary>
    public static RpcException RateLimited() =>
        Build(Code.ResourceExhausted, "Too many calls from this caller; slow down.", Info("RATE_LIMITED", null));

    /// <summary>UNAVAILABLE: the service is starting or a dependency is busy; retry later.</summary>
    public static RpcException Unavailable(string reason, string message) =>
        Build(Code.Unavailable, message, Info(reason, null));

    // INVALID_ARGUMENT naming every offending field.
    private static RpcException InvalidArgument(InvalidRequestException invalid)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.Add(invalid.Violations.Take(MaxViolations).Select(v => new BadRequest.Types.FieldViolation
        {
            Field = Bounded(v.Field, MaxValue),
            Description = Bounded(v.Description, MaxValue * 2),
        }));
        if (invalid.Violations.Count > MaxViolations)
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "", Description = $"and {invalid.Violations.Count - MaxViolations} more" });
        return Build(Code.InvalidArgument, invalid.Message, Any.Pack(badRequest));
    }

    private static Any Info(string reason, IEnumerable<KeyValuePair<string, string>>? metadata)
    {
        var info = new ErrorInfo { Domain = Domain, Reason = reason };
        if (metadata is not null) foreach (var (key, value) in metadata.Take(MaxViolations)) info.Metadata[Bounded(key, MaxValue)] = Bounded(value, MaxValue);
        return Any.Pack(info);
    }

    // Messages and details never echo unbounded input: a caller's 2,500-character name would make
    // the status exceed a default client's header limit, hiding the real code behind RESOURCE_EXHAUSTED.
    private static RpcException Build(Code code, string message, Any detail) =>
        new RpcStatus { Code = (int)code, Message = Bounded(message, MaxMessage), Details = { detail } }.ToRpcException();

    private const int MaxValue = 100;
    private const int MaxMessage = 400;
    private const int MaxViolations = 20;

    private static string Bounded(string value, int max) => Security.CallerClaims.Bounded(value, max);
}

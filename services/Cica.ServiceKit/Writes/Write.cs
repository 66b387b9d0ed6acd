using Cica.Domain.Callers;
using Cica.Domain.Errors;
using Cica.Persistence;

namespace Cica.ServiceKit.Writes;

/// <summary>
/// What one write RPC is, for <see cref="WritePipeline{TDatabase}"/>: who may make it, what makes its
/// request well-formed, its request_id, and the rules it applies.
/// </summary>
public sealed record Write<TResponse>
{
    /// <summary>Refuses a caller who may never make this write (e.g. <see cref="SecretariatOnly"/>); rules that depend on stored state belong in <see cref="Apply"/>.</summary>
    public Action<Caller>? Authorize { get; init; }

    /// <summary>Adds every shape violation of the request (before anything is read or written).</summary>
    public Action<FieldViolations>? Validate { get; init; }

    /// <summary>The request's request_id, if it has one: a retry with it returns the first response.</summary>
    public string RequestId { get; init; } = "";

    /// <summary>The rules: reads and writes through the context's unit of work, returns the response.</summary>
    public required Func<WriteContext, Task<TResponse>> Apply { get; init; }
}

/// <summary>What the rules of a write are given: its transaction, its caller, the time it is made.</summary>
public sealed record WriteContext(UnitOfWork Uow, Caller Caller, DateTimeOffset Now, CancellationToken CancellationToken);

namespace Cica.Domain.Errors;

/// <summary>
/// A request the rules refuse. Rules throw these and know nothing of the transport: the edge maps
/// each kind once to its status (ServiceDefaults' error interceptor).
/// </summary>
public abstract class DomainException(string message) : Exception(message)
{
    /// <summary>Stable reason a program can act on (e.g. ALREADY_MEMBER); null when the kind says it all.</summary>
    public virtual string? Reason => null;

    /// <summary>Facts a program needs to act on the refusal (the field at fault, the resource, the caller).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>One field of a request that is wrong, and why.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>The request itself is malformed: every offending field at once.</summary>
public sealed class InvalidRequestException(IReadOnlyList<FieldViolation> violations)
    : DomainException(string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    /// <summary>A request with one offending field.</summary>
    public InvalidRequestException(string field, string description) : this([new FieldViolation(field, description)]) { }

    /// <summary>What is wrong, field by field.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;
}

/// <summary>The named resource does not exist.</summary>
public sealed class ResourceNotFoundException(string resourceName) : DomainException($"{resourceName} does not exist.")
{
    /// <summary>The name asked for, e.g. memberStates/FRA.</summary>
    public string ResourceName { get; } = resourceName;
}

/// <summary>A rule of the domain forbids the change in the current state (e.g. ALREADY_MEMBER).</summary>
public sealed class RuleViolationException(string reason, string message) : DomainException(message)
{
    /// <inheritdoc />
    public override string? Reason { get; } = reason;
}

/// <summary>What a create would make exists already (e.g. DUPLICATE_ASSIGNMENT).</summary>
public sealed class DuplicateException(string reason, string message) : DomainException(message)
{
    /// <inheritdoc />
    public override string? Reason { get; } = reason;
}

/// <summary>The resource changed since the caller read it: the etag sent is not its current one.</summary>
public sealed class StaleEtagException(string resourceName)
    : DomainException($"{resourceName} has changed since it was read (etag mismatch); read it again and retry.")
{
    /// <summary>The resource whose etag did not match.</summary>
    public string ResourceName { get; } = resourceName;
}

/// <summary>The caller may not make this change (e.g. SECRETARIAT_ONLY, NOT_A_COORDINATOR).</summary>
public sealed class NotPermittedException(string reason, string message) : DomainException(message)
{
    /// <inheritdoc />
    public override string? Reason { get; } = reason;
}

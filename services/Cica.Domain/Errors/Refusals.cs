namespace Cica.Domain.Errors;

/// <summary>Short spellings of the refusals rules raise, with their metadata.</summary>
public static class Refusals
{
    /// <summary>One field of the request is wrong.</summary>
    public static InvalidRequestException InvalidField(string field, string description) => new(field, description);

    /// <summary>The named resource does not exist.</summary>
    public static ResourceNotFoundException NotFound(string resourceName) => new(resourceName);

    /// <summary>The etag sent is not the resource's current one.</summary>
    public static StaleEtagException StaleEtag(string resourceName) => new(resourceName);

    /// <summary>A rule forbids the change in the current state.</summary>
    public static RuleViolationException RuleViolated(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(reason, message) { Metadata = metadata ?? new Dictionary<string, string>() };

    /// <summary>What a create would make exists already.</summary>
    public static DuplicateException Duplicate(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(reason, message) { Metadata = metadata ?? new Dictionary<string, string>() };

    /// <summary>The caller may not make this change.</summary>
    public static NotPermittedException NotPermitted(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null) =>
        new(reason, message) { Metadata = metadata ?? new Dictionary<string, string>() };
}

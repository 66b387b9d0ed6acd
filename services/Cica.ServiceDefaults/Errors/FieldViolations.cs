using Google.Rpc;

namespace Cica.ServiceDefaults.Errors;

/// <summary>
/// Collects what is wrong with a request, so that one INVALID_ARGUMENT names every offending field
/// at once rather than one per round trip.
/// </summary>
public sealed class FieldViolations
{
    private readonly List<BadRequest.Types.FieldViolation> _violations = [];

    /// <summary>True when nothing is wrong so far.</summary>
    public bool IsEmpty => _violations.Count == 0;

    /// <summary>Records that <paramref name="field"/> is wrong, and why.</summary>
    public FieldViolations Add(string field, string description)
    {
        _violations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    /// <summary>Records a violation when <paramref name="problem"/> is not null.</summary>
    public FieldViolations AddIf(string field, string? problem) => problem is null ? this : Add(field, problem);

    /// <summary>Throws INVALID_ARGUMENT listing every violation, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_violations.Count > 0) throw RpcErrors.InvalidArgument(_violations);
    }
}

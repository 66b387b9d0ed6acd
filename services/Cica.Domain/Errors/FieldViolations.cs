namespace Cica.Domain.Errors;

/// <summary>
/// Collects what is wrong with a request, so that one refusal names every offending field at once
/// rather than one per round trip.
/// </summary>
public sealed class FieldViolations
{
    private readonly List<FieldViolation> _violations = [];

    /// <summary>True when nothing is wrong so far.</summary>
    public bool IsEmpty => _violations.Count == 0;

    /// <summary>Records that <paramref name="field"/> is wrong, and why.</summary>
    public FieldViolations Add(string field, string description)
    {
        _violations.Add(new FieldViolation(field, description));
        return this;
    }

    /// <summary>Records a violation when <paramref name="problem"/> is not null.</summary>
    public FieldViolations AddIf(string field, string? problem) => problem is null ? this : Add(field, problem);

    /// <summary>Throws <see cref="InvalidRequestException"/> listing every violation, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_violations.Count > 0) throw new InvalidRequestException([.. _violations]);
    }
}

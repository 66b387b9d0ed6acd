using Cica.Contracts.Common.V1;
using Cica.Domain.Errors;

namespace Cica.Domain.Decisions;

/// <summary>Checks a cited decision before anything is recorded under it.</summary>
public static class DecisionReferences
{
    /// <summary>
    /// Adds to <paramref name="violations"/> what is wrong with the decision in <paramref name="field"/>:
    /// missing, wrong body, missing or invalid date, negative item, malformed document symbol.
    /// </summary>
    public static void Validate(FieldViolations violations, string field, DecisionReference? decision,
        DecisionBody? requiredBody = null, bool requireFullDate = false)
    {
        if (decision is null)
        {
            violations.Add(field, "is required: the decision that makes this change");
            return;
        }
        if (decision.Body == DecisionBody.Unspecified)
            violations.Add(field + ".body", "is required");
        else if (!Enum.IsDefined(decision.Body))
            violations.Add(field + ".body", $"is not a known decision body ({(int)decision.Body})");
        else if (requiredBody is { } body && decision.Body != body)
            violations.Add(field + ".body", $"must be {body} for this change, not {decision.Body}");
        if (decision.Date is null)
            violations.Add(field + ".date", "is required");
        else if (decision.Date.Problem() is { } problem)
            violations.Add(field + ".date", problem);
        else if (requireFullDate && !decision.Date.IsFullDate)
            violations.Add(field + ".date", "must be a full date (year, month and day)");
        if (decision.Item < 0)
            violations.Add(field + ".item", "must not be negative");
        if (decision.Meeting.Length > 300)
            violations.Add(field + ".meeting", "must be at most 300 characters");
        if (decision.Document is { Value: var symbol } && symbol.Length > 0)
            violations.AddIf(field + ".document.value", DocumentSymbols.Problem(symbol));
    }
}

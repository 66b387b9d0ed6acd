using Cica.Contracts.Common.V1;
using Google.Protobuf;

namespace Cica.Domain.Decisions;

/// <summary>Decision references as stored: protobuf JSON, readable in the database.</summary>
public static class StoredDecisions
{
    /// <summary>The stored text of a decision, or null.</summary>
    public static string? Format(DecisionReference? decision) => decision is null ? null : JsonFormatter.Default.Format(decision);

    /// <summary>The decision from its stored text, or null.</summary>
    public static DecisionReference? Parse(string? json) => json is null ? null : JsonParser.Default.Parse<DecisionReference>(json);
}

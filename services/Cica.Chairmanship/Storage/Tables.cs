using Cica.Contracts.Chairmanship.V1;

namespace Cica.Chairmanship.Storage;

/// <summary>The service's tables and the resource names of what they hold.</summary>
public static class Tables
{
    /// <summary>chair_terms (extra column: country_code).</summary>
    public static ResourceTable<ChairmanshipTerm> Terms { get; } = new("chair_terms", "term_id", (r, e) => r.Etag = e);

    /// <summary>meetings (extra column: kind).</summary>
    public static ResourceTable<Meeting> Meetings { get; } = new("meetings", "meeting_id", (r, e) => r.Etag = e);

    /// <summary>decisions (extra column: state).</summary>
    public static ResourceTable<Decision> Decisions { get; } = new("decisions", "decision_id", (r, e) => r.Etag = e);

    /// <summary>silence_procedures (extra columns: decision_id, state, deadline_utc).</summary>
    public static ResourceTable<SilenceProcedure> SilenceProcedures { get; } = new("silence_procedures", "procedure_id", (r, e) => r.Etag = e);
}

/// <summary>Resource names: collection prefix + id.</summary>
public static class Names
{
    /// <summary>"chairmanshipTerms/".</summary>
    public const string Terms = "chairmanshipTerms/";
    /// <summary>"meetings/".</summary>
    public const string Meetings = "meetings/";
    /// <summary>"decisions/".</summary>
    public const string Decisions = "decisions/";
    /// <summary>"silenceProcedures/".</summary>
    public const string SilenceProcedures = "silenceProcedures/";

    /// <summary>The id in <paramref name="name"/> if it is of the collection <paramref name="prefix"/> and well-formed, else null.</summary>
    public static string? IdOf(string? name, string prefix)
    {
        if (name is null || !name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var id = name[prefix.Length..];
        return IsId(id) ? id : null;
    }

    /// <summary>Letters, digits and hyphens, 1 to 100 characters, starting with a letter or digit.</summary>
    public static bool IsId(string id) =>
        id.Length is > 0 and <= 100 && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

using Cica.Persistence;

namespace Cica.ConceptPapers.Storage;

/// <summary>Identifiers handed out in order, inside the write that uses them.</summary>
public static class Sequences
{
    /// <summary>policyDocuments/{n}.</summary>
    public const string PolicyDocuments = "policy_documents";
    /// <summary>Keys of search passages.</summary>
    public const string SearchPassages = "search_passages";

    /// <summary>The next identifier of <paramref name="sequence"/>.</summary>
    public static async Task<long> NextAsync(UnitOfWork uow, string sequence, CancellationToken ct)
    {
        await uow.ExecuteAsync("UPDATE sequences SET last_issued = last_issued + 1 WHERE name = @sequence", new { sequence }, ct);
        return await uow.QuerySingleOrDefaultAsync<long>("SELECT last_issued FROM sequences WHERE name = @sequence", new { sequence }, ct);
    }
}

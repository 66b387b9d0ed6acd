using Cica.Persistence;

namespace Cica.CbmCoordination.Storage;

/// <summary>Numbers handed out in order, inside the write that uses them (so a rolled-back write leaves no gap).</summary>
public static class Sequences
{
    /// <summary>Sequence of coordinatorAssignments/{n}.</summary>
    public const string CoordinatorAssignments = "coordinator_assignments";
    /// <summary>Sequence of activities/{n}.</summary>
    public const string Activities = "activities";

    /// <summary>The next number of <paramref name="sequence"/>.</summary>
    public static async Task<long> NextAsync(UnitOfWork uow, string sequence, CancellationToken ct)
    {
        await uow.ExecuteAsync("UPDATE sequences SET last_issued = last_issued + 1 WHERE name = @sequence", new { sequence }, ct);
        return await uow.QuerySingleOrDefaultAsync<long>("SELECT last_issued FROM sequences WHERE name = @sequence", new { sequence }, ct);
    }
}

using Cica.ConceptPapers.Storage;
using Cica.Contracts.Cbm.V1;
using Cica.Persistence;

namespace Cica.ConceptPapers.Coordinators;

/// <summary>
/// The read model of CBM Coordination's coordinator assignments (coordinator_terms) and of the
/// priority areas it has announced (known_priority_areas), written only from its events.
/// </summary>
public static class CoordinatorTerms
{
    /// <summary>True when CBM Coordination has announced the area.</summary>
    public static async Task<bool> AreaKnownAsync(UnitOfWork uow, string areaId, CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<string>("SELECT area_id FROM known_priority_areas WHERE area_id = @areaId", new { areaId }, ct) is not null;

    /// <summary>True when <paramref name="countryCode"/> coordinated or co-coordinated the area on <paramref name="day"/>.</summary>
    public static async Task<bool> CoordinatesAsync(UnitOfWork uow, string areaId, string countryCode, DateOnly day, CancellationToken ct)
    {
        var on = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var found = await uow.QuerySingleOrDefaultAsync<long>("""
            SELECT COUNT(*) FROM coordinator_terms
            WHERE area_id = @areaId AND country_code = @countryCode AND effective_from <= @on
                AND (effective_until IS NULL OR effective_until >= @on)
            """, new { areaId, countryCode, on }, ct);
        return found > 0;
    }

    /// <summary>Records a priority area CBM announced (or that an assignment names), keeping a known title.</summary>
    public static async Task RecordAreaAsync(UnitOfWork uow, string areaId, string titleEn, DateTimeOffset now, CancellationToken ct)
    {
        var values = new { areaId, titleEn, updatedAt = Times.Store(now) };
        if (await AreaKnownAsync(uow, areaId, ct))
        {
            if (titleEn.Length > 0)
                await uow.ExecuteAsync("UPDATE known_priority_areas SET title_en = @titleEn, updated_at = @updatedAt WHERE area_id = @areaId", values, ct);
            return;
        }
        await uow.ExecuteAsync("INSERT INTO known_priority_areas (area_id, title_en, updated_at) VALUES (@areaId, @titleEn, @updatedAt)", values, ct);
    }

    /// <summary>
    /// Records an assignment as CBM sent it. A start arriving after the end of the same assignment
    /// (they travel on different queues) keeps the end: <paramref name="isEnd"/> overwrites, a start
    /// only inserts.
    /// </summary>
    public static async Task RecordAssignmentAsync(UnitOfWork uow, CoordinatorAssignment assignment, bool isEnd, DateTimeOffset now, CancellationToken ct)
    {
        var areaId = ResourceNames.AreaIdOf(assignment.PriorityArea)
            ?? throw new InvalidDataException($"Coordinator assignment {assignment.Name} names no valid priority area ('{assignment.PriorityArea}').");
        if (assignment.EffectiveFrom is null || !assignment.EffectiveFrom.IsFullDate)
            throw new InvalidDataException($"Coordinator assignment {assignment.Name} has no full effective_from.");
        await RecordAreaAsync(uow, areaId, "", now, ct);

        var values = new
        {
            assignmentName = assignment.Name,
            areaId,
            countryCode = assignment.CountryCode,
            role = (int)assignment.Role,
            effectiveFrom = assignment.EffectiveFrom.ToIsoString(),
            effectiveUntil = assignment.EffectiveUntil?.ToIsoString(),
            updatedAt = Times.Store(now),
        };
        var known = await uow.QuerySingleOrDefaultAsync<string>(
            "SELECT assignment_name FROM coordinator_terms WHERE assignment_name = @assignmentName", values, ct);
        if (known is null)
            await uow.ExecuteAsync("""
                INSERT INTO coordinator_terms (assignment_name, area_id, country_code, role, effective_from, effective_until, updated_at)
                VALUES (@assignmentName, @areaId, @countryCode, @role, @effectiveFrom, @effectiveUntil, @updatedAt)
                """, values, ct);
        else if (isEnd)
            await uow.ExecuteAsync("""
                UPDATE coordinator_terms SET effective_from = @effectiveFrom, effective_until = @effectiveUntil, updated_at = @updatedAt
                WHERE assignment_name = @assignmentName
                """, values, ct);
    }
}

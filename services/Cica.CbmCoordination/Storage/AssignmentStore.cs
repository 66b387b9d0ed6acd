using System.Globalization;
using Cica.Persistence;
using Dapper;

namespace Cica.CbmCoordination.Storage;

/// <summary>
/// Reads and writes coordinator_assignments. "In effect on D" is effective_from &lt;= D &lt;=
/// effective_until (or open); full ISO dates compare correctly as text. Parameter names are spelled
/// exactly as in the SQL: SQLite matches them case-sensitively, Dapper does not.
/// </summary>
public sealed class AssignmentStore(CbmDatabase database)
{
    private const string Select = """
        SELECT a.assignment_id AS AssignmentId, a.area_id AS AreaId, p.sort_order AS SortOrder, a.country_code AS CountryCode,
               m.name_en AS NameEn, m.name_ru AS NameRu, m.name_kk AS NameKk, a.role AS Role,
               a.term_start AS TermStart, a.term_end AS TermEnd, a.decision AS Decision,
               a.effective_from AS EffectiveFrom, a.effective_until AS EffectiveUntil, a.ended_by AS EndedBy,
               a.replaces AS Replaces, a.create_time AS CreateTime, a.update_time AS UpdateTime
        FROM coordinator_assignments a
        JOIN priority_areas p ON p.area_id = a.area_id
        LEFT JOIN known_member_states m ON m.country_code = a.country_code
        """;

    private const string InEffect = "a.effective_from <= @asOf AND (a.effective_until IS NULL OR a.effective_until >= @asOf)";

    /// <summary>Filters of a list of assignments; null or 0 for "any".</summary>
    public sealed record Filter(string? AreaId, string? CountryCode, int Role, DateOnly? AsOf);

    /// <summary>
    /// Up to <paramref name="limit"/> assignments matching <paramref name="filter"/>, in the order of
    /// the list then of recording, after the key (<paramref name="afterSort"/>, <paramref name="afterId"/>).
    /// </summary>
    public Task<IReadOnlyList<AssignmentRow>> ListAsync(Filter filter, int afterSort, long afterId, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .And("p.sort_order >= @afterSort AND (p.sort_order > @afterSort OR a.assignment_id > @afterId)")
            .AndIf(filter.AreaId is not null, "a.area_id = @areaId")
            .AndIf(filter.CountryCode is not null, "a.country_code = @countryCode")
            .AndIf(filter.Role != 0, "a.role = @role")
            .AndIf(filter.AsOf is not null, InEffect);
        return database.QueryAsync<AssignmentRow>(
            $"{Select} {where} ORDER BY p.sort_order, a.assignment_id {{limit}}",
            new { afterSort, afterId, areaId = filter.AreaId, countryCode = filter.CountryCode, role = filter.Role, asOf = Iso(filter.AsOf), Limit = limit }, ct);
    }

    /// <summary>The assignments in effect on <paramref name="asOf"/> in the given areas.</summary>
    public async Task<IReadOnlyList<AssignmentRow>> InEffectAsync(DateOnly asOf, IReadOnlyCollection<string> areaIds, CancellationToken ct) =>
        areaIds.Count == 0 ? []
            : await database.QueryAsync<AssignmentRow>($"{Select} WHERE a.area_id IN @areaIds AND {InEffect} ORDER BY a.assignment_id",
                new { areaIds, asOf = Iso(asOf) }, ct);

    /// <summary>One assignment read inside a write, or null.</summary>
    public static Task<AssignmentRow?> FindAsync(UnitOfWork uow, long assignmentId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<AssignmentRow>($"{Select} WHERE a.assignment_id = @assignmentId", new { assignmentId }, ct);

    /// <summary>
    /// The country's assignments in the area, in any role, that share at least one day with
    /// [<paramref name="from"/>, <paramref name="until"/>] (until null: open-ended), read inside a write.
    /// </summary>
    public static async Task<IReadOnlyList<AssignmentRow>> OverlappingAsync(UnitOfWork uow, string areaId, string countryCode,
        DateOnly from, DateOnly? until, CancellationToken ct)
    {
        var where = new SqlWhere()
            .And("a.area_id = @areaId AND a.country_code = @countryCode")
            .AndIf(until is not null, "a.effective_from <= @until")
            .And("a.effective_until IS NULL OR a.effective_until >= @from");
        return (await uow.QueryAsync<AssignmentRow>($"{Select} {where} ORDER BY a.assignment_id",
            new { areaId, countryCode, from = Iso(from), until = Iso(until) }, ct)).AsList();
    }

    /// <summary>Adds an assignment.</summary>
    public static Task InsertAsync(UnitOfWork uow, AssignmentRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO coordinator_assignments (assignment_id, area_id, country_code, role, term_start, term_end, decision,
                effective_from, effective_until, ended_by, replaces, create_time, update_time)
            VALUES (@AssignmentId, @AreaId, @CountryCode, @Role, @TermStart, @TermEnd, @Decision,
                @EffectiveFrom, @EffectiveUntil, @EndedBy, @Replaces, @CreateTime, @UpdateTime)
            """, new
        {
            row.AssignmentId, row.AreaId, row.CountryCode, row.Role, row.TermStart, row.TermEnd, row.Decision,
            row.EffectiveFrom, row.EffectiveUntil, row.EndedBy, row.Replaces, row.CreateTime, row.UpdateTime,
        }, ct);

    /// <summary>Records that a decision ended the assignment on <paramref name="row"/>'s EffectiveUntil.</summary>
    public static Task EndAsync(UnitOfWork uow, AssignmentRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            UPDATE coordinator_assignments SET effective_until = @EffectiveUntil, ended_by = @EndedBy, update_time = @UpdateTime
            WHERE assignment_id = @AssignmentId
            """, new { row.EffectiveUntil, row.EndedBy, row.UpdateTime, row.AssignmentId }, ct);

    /// <summary>A date as stored: "2022-10-11".</summary>
    public static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

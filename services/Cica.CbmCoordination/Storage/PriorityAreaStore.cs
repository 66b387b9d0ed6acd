using Cica.Persistence;

namespace Cica.CbmCoordination.Storage;

/// <summary>Reads and writes dimensions and priority_areas.</summary>
public sealed class PriorityAreaStore(CbmDatabase database)
{
    private const string AreaColumns = """
        area_id AS AreaId, dimension_slug AS DimensionSlug, number AS Number, sort_order AS SortOrder,
        title_en AS TitleEn, title_ru AS TitleRu, title_kk AS TitleKk
        """;

    /// <summary>Up to <paramref name="limit"/> dimensions numbered after <paramref name="afterNumber"/>.</summary>
    public Task<IReadOnlyList<DimensionRow>> ListDimensionsAsync(int afterNumber, int limit, CancellationToken ct) =>
        database.QueryAsync<DimensionRow>("""
            SELECT slug AS Slug, number AS Number, title_en AS TitleEn, title_ru AS TitleRu, title_kk AS TitleKk
            FROM dimensions WHERE number > @afterNumber ORDER BY number {limit}
            """, new { afterNumber, Limit = limit }, ct);

    /// <summary>True when the dimension exists.</summary>
    public async Task<bool> DimensionExistsAsync(string slug, CancellationToken ct) =>
        await database.QuerySingleOrDefaultAsync<string>("SELECT slug FROM dimensions WHERE slug = @slug", new { slug }, ct) is not null;

    /// <summary>One priority area, or null.</summary>
    public Task<PriorityAreaRow?> FindAsync(string areaId, CancellationToken ct) =>
        database.QuerySingleOrDefaultAsync<PriorityAreaRow>($"SELECT {AreaColumns} FROM priority_areas WHERE area_id = @areaId", new { areaId }, ct);

    /// <summary>One priority area read inside a write, or null.</summary>
    public static Task<PriorityAreaRow?> FindAsync(UnitOfWork uow, string areaId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<PriorityAreaRow>($"SELECT {AreaColumns} FROM priority_areas WHERE area_id = @areaId", new { areaId }, ct);

    /// <summary>Up to <paramref name="limit"/> areas after position <paramref name="afterSort"/> in the list, optionally of one dimension.</summary>
    public Task<IReadOnlyList<PriorityAreaRow>> ListAsync(int afterSort, string? dimensionSlug, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .And("sort_order > @afterSort")
            .AndIf(dimensionSlug is not null, "dimension_slug = @dimensionSlug");
        return database.QueryAsync<PriorityAreaRow>(
            $"SELECT {AreaColumns} FROM priority_areas {where} ORDER BY sort_order {{limit}}",
            new { afterSort, dimensionSlug, Limit = limit }, ct);
    }

    /// <summary>The areas with these ids.</summary>
    public async Task<IReadOnlyList<PriorityAreaRow>> FindManyAsync(IReadOnlyCollection<string> areaIds, CancellationToken ct) =>
        areaIds.Count == 0 ? []
            : await database.QueryAsync<PriorityAreaRow>($"SELECT {AreaColumns} FROM priority_areas WHERE area_id IN @areaIds", new { areaIds }, ct);

    /// <summary>Adds a dimension.</summary>
    public static Task InsertDimensionAsync(UnitOfWork uow, DimensionRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO dimensions (slug, number, title_en, title_ru, title_kk)
            VALUES (@Slug, @Number, @TitleEn, @TitleRu, @TitleKk)
            """, row, ct);

    /// <summary>Adds a priority area.</summary>
    public static Task InsertAreaAsync(UnitOfWork uow, PriorityAreaRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO priority_areas (area_id, dimension_slug, number, sort_order, title_en, title_ru, title_kk)
            VALUES (@AreaId, @DimensionSlug, @Number, @SortOrder, @TitleEn, @TitleRu, @TitleKk)
            """, row, ct);
}

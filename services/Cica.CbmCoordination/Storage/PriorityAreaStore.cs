using Cica.Persistence;
using Dapper;

namespace Cica.CbmCoordination.Storage;

/// <summary>Reads and writes dimensions and priority_areas.</summary>
public sealed class PriorityAreaStore(CbmDatabase database)
{
    private const string AreaColumns = """
        area_id AS AreaId, dimension_slug AS DimensionSlug, number AS Number, sort_order AS SortOrder,
        title_en AS TitleEn, title_ru AS TitleRu, title_kk AS TitleKk
        """;

    /// <summary>Up to <paramref name="limit"/> dimensions numbered after <paramref name="afterNumber"/>.</summary>
    public async Task<IReadOnlyList<DimensionRow>> ListDimensionsAsync(int afterNumber, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<DimensionRow>(new CommandDefinition(database.Sql("""
            SELECT slug AS Slug, number AS Number, title_en AS TitleEn, title_ru AS TitleRu, title_kk AS TitleKk
            FROM dimensions WHERE number > @afterNumber ORDER BY number {limit}
            """), new { afterNumber, Limit = limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>True when the dimension exists.</summary>
    public async Task<bool> DimensionExistsAsync(string slug, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT slug FROM dimensions WHERE slug = @slug", new { slug }, cancellationToken: ct)) is not null;
    }

    /// <summary>One priority area, or null.</summary>
    public async Task<PriorityAreaRow?> FindAsync(string areaId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<PriorityAreaRow>(new CommandDefinition(
            $"SELECT {AreaColumns} FROM priority_areas WHERE area_id = @areaId", new { areaId }, cancellationToken: ct));
    }

    /// <summary>One priority area read inside a write, or null.</summary>
    public static Task<PriorityAreaRow?> FindAsync(UnitOfWork uow, string areaId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<PriorityAreaRow>($"SELECT {AreaColumns} FROM priority_areas WHERE area_id = @areaId", new { areaId }, ct);

    /// <summary>Up to <paramref name="limit"/> areas after position <paramref name="afterSort"/> in the list, optionally of one dimension.</summary>
    public async Task<IReadOnlyList<PriorityAreaRow>> ListAsync(int afterSort, string? dimensionSlug, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<PriorityAreaRow>(new CommandDefinition(database.Sql($"""
            SELECT {AreaColumns} FROM priority_areas
            WHERE sort_order > @afterSort AND (@dimensionSlug IS NULL OR dimension_slug = @dimensionSlug)
            ORDER BY sort_order {"{limit}"}
            """), new { afterSort, dimensionSlug, Limit = limit }, cancellationToken: ct))).AsList();
    }

    /// <summary>The areas with these ids.</summary>
    public async Task<IReadOnlyList<PriorityAreaRow>> FindManyAsync(IReadOnlyCollection<string> areaIds, CancellationToken ct)
    {
        if (areaIds.Count == 0) return [];
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<PriorityAreaRow>(new CommandDefinition(
            $"SELECT {AreaColumns} FROM priority_areas WHERE area_id IN @areaIds", new { areaIds }, cancellationToken: ct))).AsList();
    }

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

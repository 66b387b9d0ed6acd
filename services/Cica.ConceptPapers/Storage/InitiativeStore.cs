using Cica.Persistence;
using Dapper;

namespace Cica.ConceptPapers.Storage;

/// <summary>Reads and writes the initiatives of approved plans of implementation.</summary>
public sealed class InitiativeStore(ConceptPapersDatabase database)
{
    private const string Columns = """
        document_id AS DocumentId, number AS Number, title AS Title, initiative_year AS InitiativeYear, kind AS Kind, status AS Status,
        activities AS Activities, area_id AS AreaId, version AS Version, update_time AS UpdateTime
        """;

    /// <summary>Filters of a list of initiatives; null or 0 for "any".</summary>
    public sealed record Filter(long? DocumentId, string? AreaId, int Status);

    /// <summary>One initiative read inside a write, or null.</summary>
    public static Task<InitiativeRow?> FindAsync(UnitOfWork uow, long documentId, int number, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<InitiativeRow>(
            $"SELECT {Columns} FROM initiatives WHERE document_id = @documentId AND number = @number", new { documentId, number }, ct);

    /// <summary>
    /// Up to <paramref name="limit"/> initiatives matching <paramref name="filter"/> after the key
    /// (<paramref name="afterDocument"/>, <paramref name="afterNumber"/>), in key order.
    /// </summary>
    public Task<IReadOnlyList<InitiativeRow>> ListAsync(Filter filter, long afterDocument, int afterNumber, int limit, CancellationToken ct)
    {
        // After the key (document, number); the leading ">=" lets the primary key seek (T-SQL has no row values).
        var where = new SqlWhere()
            .AndIf(afterDocument > 0, "document_id >= @afterDocument AND (document_id > @afterDocument OR number > @afterNumber)")
            .AndIf(filter.DocumentId is not null, "document_id = @documentId")
            .AndIf(filter.AreaId is not null, "area_id = @areaId")
            .AndIf(filter.Status != 0, "status = @status");
        return database.QueryAsync<InitiativeRow>(
            $"SELECT {Columns} FROM initiatives {where} ORDER BY document_id, number {{limit}}",
            new { afterDocument, afterNumber, documentId = filter.DocumentId, areaId = filter.AreaId, status = filter.Status, Limit = limit }, ct);
    }

    /// <summary>Adds an initiative.</summary>
    public static Task InsertAsync(UnitOfWork uow, InitiativeRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO initiatives (document_id, number, title, initiative_year, kind, status, activities, area_id, version, update_time)
            VALUES (@DocumentId, @Number, @Title, @InitiativeYear, @Kind, @Status, @Activities, @AreaId, @Version, @UpdateTime)
            """, row, ct);

    /// <summary>Writes the initiative's status if its version is still <paramref name="expectedVersion"/>.</summary>
    public static async Task<bool> UpdateStatusAsync(UnitOfWork uow, InitiativeRow row, int expectedVersion, CancellationToken ct)
    {
        var parameters = new DynamicParameters(row);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await uow.ExecuteAsync("""
            UPDATE initiatives SET status = @Status, version = @Version, update_time = @UpdateTime
            WHERE document_id = @DocumentId AND number = @Number AND version = @ExpectedVersion
            """, parameters, ct) == 1;
    }
}

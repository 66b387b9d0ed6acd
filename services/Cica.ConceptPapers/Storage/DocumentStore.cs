using Cica.Persistence;
using Dapper;

namespace Cica.ConceptPapers.Storage;

/// <summary>Reads and writes policy documents and their revisions.</summary>
public sealed class DocumentStore(ConceptPapersDatabase database)
{
    private const string Columns = """
        document_id AS DocumentId, kind AS Kind, document_symbol AS DocumentSymbol, area_id AS AreaId,
        period_start AS PeriodStart, period_end AS PeriodEnd, period_first AS PeriodFirst, period_last AS PeriodLast,
        proposing_country AS ProposingCountry, status AS Status, approval AS Approval, recommendation AS Recommendation,
        superseded_by AS SupersededBy, current_revision AS CurrentRevision, version AS Version,
        title_en AS TitleEn, title_ru AS TitleRu, title_kk AS TitleKk, languages AS Languages,
        create_time AS CreateTime, update_time AS UpdateTime
        """;

    private const string RevisionColumns = """
        document_id AS DocumentId, number AS Number, authoritative_language AS AuthoritativeLanguage, approved AS Approved,
        author_kind AS AuthorKind, author_country AS AuthorCountry, content AS Content, create_time AS CreateTime
        """;

    /// <summary>Filters of a list of documents; null or 0 for "any".</summary>
    public sealed record Filter(string? AreaId, int Status, string? PeriodFirst, string? PeriodLast, int Kind, string? Language,
        string? ProposingCountry);

    /// <summary>One document, or null.</summary>
    public Task<DocumentRow?> FindAsync(long documentId, CancellationToken ct) =>
        database.QuerySingleOrDefaultAsync<DocumentRow>($"SELECT {Columns} FROM policy_documents WHERE document_id = @documentId", new { documentId }, ct);

    /// <summary>One document read inside a write, or null.</summary>
    public static Task<DocumentRow?> FindAsync(UnitOfWork uow, long documentId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<DocumentRow>($"SELECT {Columns} FROM policy_documents WHERE document_id = @documentId", new { documentId }, ct);

    /// <summary>The document issued under a document symbol (e.g. SUM/2022/DRAFT/6), read inside a write, or null.</summary>
    public static Task<DocumentRow?> FindBySymbolAsync(UnitOfWork uow, string symbol, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<DocumentRow>($"SELECT {Columns} FROM policy_documents WHERE document_symbol = @symbol", new { symbol }, ct);

    /// <summary>One revision, or null.</summary>
    public Task<RevisionRow?> FindRevisionAsync(long documentId, int number, CancellationToken ct) =>
        database.QuerySingleOrDefaultAsync<RevisionRow>(
            $"SELECT {RevisionColumns} FROM revisions WHERE document_id = @documentId AND number = @number", new { documentId, number }, ct);

    /// <summary>One revision read inside a write, or null.</summary>
    public static Task<RevisionRow?> FindRevisionAsync(UnitOfWork uow, long documentId, int number, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<RevisionRow>(
            $"SELECT {RevisionColumns} FROM revisions WHERE document_id = @documentId AND number = @number", new { documentId, number }, ct);

    /// <summary>The current revisions of <paramref name="documents"/>, by document id.</summary>
    public async Task<IReadOnlyDictionary<long, RevisionRow>> CurrentRevisionsAsync(IReadOnlyList<DocumentRow> documents, CancellationToken ct)
    {
        var result = new Dictionary<long, RevisionRow>();
        foreach (var d in documents)
            result[d.DocumentId] = await FindRevisionAsync(d.DocumentId, d.CurrentRevision, ct)
                ?? throw new InvalidOperationException($"{d.Name} has no revision {d.CurrentRevision}.");
        return result;
    }

    /// <summary>Up to <paramref name="limit"/> documents matching <paramref name="filter"/> after id <paramref name="afterId"/>, in id order.</summary>
    public Task<IReadOnlyList<DocumentRow>> ListAsync(Filter filter, long afterId, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .AndIf(afterId > 0, "document_id > @afterId")
            .AndIf(filter.AreaId is not null, "area_id = @areaId")
            .AndIf(filter.Status != 0, "status = @status")
            .AndIf(filter.PeriodFirst is not null, "period_first <= @periodLast AND period_last >= @periodFirst")
            .AndIf(filter.Kind != 0, "kind = @kind")
            .AndIf(filter.Language is not null, "languages LIKE @languagePattern")
            .AndIf(filter.ProposingCountry is not null, "proposing_country = @proposingCountry");
        return database.QueryAsync<DocumentRow>(
            $"SELECT {Columns} FROM policy_documents {where} ORDER BY document_id {{limit}}",
            new
            {
                afterId, areaId = filter.AreaId, status = filter.Status, periodFirst = filter.PeriodFirst, periodLast = filter.PeriodLast,
                kind = filter.Kind, languagePattern = $"%,{filter.Language},%", proposingCountry = filter.ProposingCountry, Limit = limit,
            }, ct);
    }

    /// <summary>Adds a document (its revision is added with <see cref="InsertRevisionAsync"/>).</summary>
    public static Task InsertAsync(UnitOfWork uow, DocumentRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO policy_documents (document_id, kind, document_symbol, area_id, period_start, period_end, period_first, period_last,
                proposing_country, status, approval, recommendation, superseded_by, current_revision, version, title_en, title_ru, title_kk,
                languages, create_time, update_time)
            VALUES (@DocumentId, @Kind, @DocumentSymbol, @AreaId, @PeriodStart, @PeriodEnd, @PeriodFirst, @PeriodLast,
                @ProposingCountry, @Status, @Approval, @Recommendation, @SupersededBy, @CurrentRevision, @Version, @TitleEn, @TitleRu, @TitleKk,
                @Languages, @CreateTime, @UpdateTime)
            """, row, ct);

    /// <summary>
    /// Writes the document's changeable columns if its version is still <paramref name="expectedVersion"/>;
    /// false when another write got there first.
    /// </summary>
    public static async Task<bool> UpdateAsync(UnitOfWork uow, DocumentRow row, int expectedVersion, CancellationToken ct)
    {
        var parameters = new DynamicParameters(row);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await uow.ExecuteAsync("""
            UPDATE policy_documents SET status = @Status, approval = @Approval, superseded_by = @SupersededBy,
                current_revision = @CurrentRevision, version = @Version, title_en = @TitleEn, title_ru = @TitleRu, title_kk = @TitleKk,
                languages = @Languages, update_time = @UpdateTime
            WHERE document_id = @DocumentId AND version = @ExpectedVersion
            """, parameters, ct) == 1;
    }

    /// <summary>Adds a revision. Revisions are never rewritten; only <see cref="MarkApprovedAsync"/> touches one again.</summary>
    public static Task InsertRevisionAsync(UnitOfWork uow, RevisionRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO revisions (document_id, number, authoritative_language, approved, author_kind, author_country, content, create_time)
            VALUES (@DocumentId, @Number, @AuthoritativeLanguage, @Approved, @AuthorKind, @AuthorCountry, @Content, @CreateTime)
            """, row, ct);

    /// <summary>Marks a revision approved: the one change a revision ever sees, and only from 0 to 1.</summary>
    public static Task MarkApprovedAsync(UnitOfWork uow, long documentId, int number, CancellationToken ct) =>
        uow.ExecuteAsync("UPDATE revisions SET approved = 1 WHERE document_id = @documentId AND number = @number AND approved = 0",
            new { documentId, number }, ct);
}

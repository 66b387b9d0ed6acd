using System.Text;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Persistence;
using Cica.Persistence.Dialects;

namespace Cica.ConceptPapers.Search;

/// <summary>
/// Full-text search over the current revision of every document, in every language. The passages
/// (each title and each block) are kept in the portable table search_passages; the index over them is
/// the database's own: SQLite's FTS5 (an external-content table, unicode61 tokenizer, which folds
/// case in Cyrillic as in Latin script), or SQL Server's full-text index searched with CONTAINSTABLE.
/// Those statements have no portable form, so they are written here once per dialect
/// (<see cref="DialectStatements"/>); tests parse the SQL Server ones with ScriptDom.
/// </summary>
public static class SearchIndex
{
    /// <summary>Most passages a search ranks before keeping each document's best.</summary>
    public const int MaxPassages = 500;

    /// <summary>SQLite: the FTS5 index over search_passages.passage.</summary>
    public const string SqliteCreate = """
        CREATE VIRTUAL TABLE IF NOT EXISTS search_passages_fts USING fts5(
            passage, content='search_passages', content_rowid='passage_id', tokenize='unicode61 remove_diacritics 2')
        """;

    /// <summary>SQL Server: a catalog and a language-neutral full-text index (run outside a transaction).</summary>
    public const string SqlServerCreate = """
        IF NOT EXISTS (SELECT 1 FROM sys.fulltext_catalogs WHERE name = N'cica_concept_papers')
            CREATE FULLTEXT CATALOG cica_concept_papers;
        IF NOT EXISTS (SELECT 1 FROM sys.fulltext_indexes WHERE object_id = OBJECT_ID(N'search_passages'))
            CREATE FULLTEXT INDEX ON search_passages (passage LANGUAGE 0)
                KEY INDEX pk_search_passages ON cica_concept_papers WITH CHANGE_TRACKING AUTO;
        """;

    // External content: FTS5 must be told the old text of a row it forgets.
    private const string SqliteForget = """
        INSERT INTO search_passages_fts (search_passages_fts, rowid, passage)
        SELECT 'delete', passage_id, passage FROM search_passages WHERE document_id = @documentId
        """;

    private const string SqliteLearn = """
        INSERT INTO search_passages_fts (rowid, passage)
        SELECT passage_id, passage FROM search_passages WHERE document_id = @documentId
        """;

    /// <summary>
    /// Most matching passages a search ranks: the newest ones (passage ids grow with each reindexed
    /// revision, so these are of the documents revised last). Ranking costs a little per matching
    /// passage (bm25 reads each one's length), so a word found in nearly every paper ("security")
    /// would otherwise cost in proportion to the whole library; with the window its cost stays
    /// that of this many passages, several hundred papers' worth. A query that matches fewer
    /// passages is ranked over all of them.
    /// </summary>
    public const int RankWindow = 1000;

    // SQLite: the id of the RankWindow-th newest matching passage (FTS5 walks its doclist backwards
    // and stops there), or 0 when fewer match; bm25 then runs only on passages from that id on.
    private static readonly string SqliteWindowStart = $"""
        COALESCE((SELECT rowid FROM search_passages_fts WHERE search_passages_fts MATCH @Query
            ORDER BY rowid DESC LIMIT 1 OFFSET {RankWindow - 1}), 0)
        """;

    /// <summary>SQLite: ranked passages (bm25: lower is better) within the window; the passages' rows are read only for the best.</summary>
    public static string SqliteSearch(bool byLanguage) => byLanguage
        ? $"""
            SELECT s.document_id AS DocumentId, s.language AS Language, s.section_heading AS SectionHeading, s.passage AS Passage,
                -m.rank AS Score
            FROM (SELECT rowid AS passage_id, bm25(search_passages_fts) AS rank FROM search_passages_fts
                  WHERE search_passages_fts MATCH @Query AND rowid >= {SqliteWindowStart}) AS m
            JOIN search_passages s ON s.passage_id = m.passage_id AND s.language = @Language
            ORDER BY m.rank LIMIT {MaxPassages}
            """
        : $"""
            SELECT s.document_id AS DocumentId, s.language AS Language, s.section_heading AS SectionHeading, s.passage AS Passage,
                -m.rank AS Score
            FROM (SELECT rowid AS passage_id, bm25(search_passages_fts) AS rank FROM search_passages_fts
                  WHERE search_passages_fts MATCH @Query AND rowid >= {SqliteWindowStart}
                  ORDER BY rank LIMIT {MaxPassages}) AS m
            JOIN search_passages s ON s.passage_id = m.passage_id
            ORDER BY m.rank
            """;

    /// <summary>
    /// SQL Server: ranked passages (RANK: higher is better). CONTAINSTABLE's top_n_by_rank makes the
    /// full-text engine keep only the best <see cref="RankWindow"/> matches, so, as on SQLite, a
    /// common word costs no more than that many passages.
    /// </summary>
    public static string SqlServerSearch(bool byLanguage) => $"""
        SELECT TOP ({MaxPassages}) s.document_id AS DocumentId, s.language AS Language, s.section_heading AS SectionHeading,
            s.passage AS Passage, CAST(k.[RANK] AS FLOAT) AS Score
        FROM CONTAINSTABLE(search_passages, passage, @Query, {RankWindow}) AS k JOIN search_passages s ON s.passage_id = k.[KEY]
        {(byLanguage ? "WHERE s.language = @Language" : "")}
        ORDER BY k.[RANK] DESC
        """;

    /// <summary>Creates the dialect's index if it does not exist (idempotent; outside any transaction).</summary>
    public static Task EnsureAsync(Database database, CancellationToken ct) =>
        database.ExecuteSchemaInDialectAsync(database.Dialect.Provider == DatabaseProvider.SqlServer ? SqlServerCreate : SqliteCreate, ct);

    /// <summary>Replaces the document's passages with those of <paramref name="versions"/> (its new current revision).</summary>
    public static async Task ReindexAsync(UnitOfWork uow, long documentId, IEnumerable<LanguageVersion> versions, CancellationToken ct)
    {
        var sqlite = uow.Database.Dialect.Provider == DatabaseProvider.Sqlite;
        if (sqlite) await uow.ExecuteInDialectAsync(SqliteForget, new { documentId }, ct);
        await uow.ExecuteAsync("DELETE FROM search_passages WHERE document_id = @documentId", new { documentId }, ct);
        foreach (var version in versions)
            foreach (var (heading, passage) in Passages(version))
            {
                var passageId = await Sequences.NextAsync(uow, Sequences.SearchPassages, ct);
                await uow.ExecuteAsync("""
                    INSERT INTO search_passages (passage_id, document_id, language, section_heading, passage)
                    VALUES (@passageId, @documentId, @language, @heading, @passage)
                    """, new { passageId, documentId, language = version.Language, heading, passage }, ct);
            }
        if (sqlite) await uow.ExecuteInDialectAsync(SqliteLearn, new { documentId }, ct);
    }

    // The title, then each block with its label, under its section's heading.
    private static IEnumerable<(string Heading, string Passage)> Passages(LanguageVersion version)
    {
        yield return ("", version.Title);
        foreach (var section in version.Body?.Sections ?? [])
        {
            if (section.Heading.Length > 0) yield return (section.Heading, section.Heading);
            foreach (var block in section.Blocks)
                yield return (section.Heading, block.Label.Length > 0 ? block.Label + " " + block.Text : block.Text);
        }
    }

    /// <summary>A passage that matched, with its score (higher is better).</summary>
    public sealed record Hit
    {
        /// <summary>The document.</summary>
        public long DocumentId { get; init; }
        /// <summary>Language of the passage.</summary>
        public string Language { get; init; } = "";
        /// <summary>Heading of its section.</summary>
        public string SectionHeading { get; init; } = "";
        /// <summary>The passage.</summary>
        public string Passage { get; init; } = "";
        /// <summary>Relevance, higher is better.</summary>
        public double Score { get; init; }
    }

    /// <summary>The best passage of each matching document, best first, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<Hit>> SearchAsync(Database database, SearchQuery query, string? language, int limit, CancellationToken ct)
    {
        var sqlServer = database.Dialect.Provider == DatabaseProvider.SqlServer;
        var sql = sqlServer ? SqlServerSearch(language is not null) : SqliteSearch(language is not null);
        var hits = await database.QueryInDialectAsync<Hit>(sql,
            new { Query = sqlServer ? query.ToContainsTable() : query.ToFts5(), Language = language }, ct);
        return [.. hits.GroupBy(h => h.DocumentId).Select(g => g.First()).Take(limit)];
    }
}

/// <summary>
/// A search as the caller wrote it: words (all must match) or one phrase in double quotes. Each
/// word is quoted in the engine's syntax, so nothing the caller types is read as an operator.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Words, bool IsPhrase)
{
    /// <summary>Longest query, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>The query, or null when it has no word to search for.</summary>
    public static SearchQuery? Parse(string text)
    {
        var trimmed = text.Trim();
        var phrase = trimmed.Length > 1 && trimmed[0] == '"' && trimmed[^1] == '"';
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in trimmed)
        {
            if (char.IsLetterOrDigit(c)) word.Append(c);
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0) words.Add(word.ToString());
        return words.Count == 0 ? null : new SearchQuery(words, phrase);
    }

    /// <summary>FTS5: "a b c" for a phrase, "a" "b" for words (implicit AND).</summary>
    public string ToFts5() => IsPhrase ? "\"" + string.Join(' ', Words) + "\"" : string.Join(' ', Words.Select(w => "\"" + w + "\""));

    /// <summary>CONTAINSTABLE: "a b c" for a phrase, "a" AND "b" for words.</summary>
    public string ToContainsTable() => IsPhrase ? "\"" + string.Join(' ', Words) + "\"" : string.Join(" AND ", Words.Select(w => "\"" + w + "\""));
}

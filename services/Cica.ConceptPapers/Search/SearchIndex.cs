using System.Text;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Persistence;
using Cica.Persistence.Dialects;
using Dapper;

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
    /// <summary>SQL Server: most ranked passages read before keeping each document's best.</summary>
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
    /// Most matching passages a search ranks: the newest ones on SQLite (passage ids grow with each
    /// reindexed revision, so these are of the documents revised last). Ranking costs a little per
    /// matching passage (its text is read and its words counted), so a word found in nearly every
    /// paper ("security") would otherwise cost in proportion to the whole library; with the window its
    /// cost stays that of this many passages, several hundred papers' worth. A query that matches
    /// fewer passages is ranked over all of them.
    /// </summary>
    public const int RankWindow = 1000;

    /// <summary>
    /// SQLite: the newest <see cref="RankWindow"/> passages that match, with their text (FTS5 walks
    /// the doclist backwards from the newest and stops there), in one language or in all; only what
    /// ranking needs, the rest is read for the best (<see cref="SqlitePassages"/>).
    /// </summary>
    public static string SqliteWindow(bool byLanguage) => $"""
        SELECT s.passage_id AS PassageId, s.document_id AS DocumentId, s.passage AS Passage
        FROM (SELECT rowid AS passage_id FROM search_passages_fts WHERE search_passages_fts MATCH @Query
              ORDER BY rowid DESC LIMIT {RankWindow}) AS m
        JOIN search_passages s ON s.passage_id = m.passage_id{(byLanguage ? " AND s.language = @Language" : "")}
        """;

    /// <summary>
    /// SQLite: the newest passage id (an index seek) and FTS5's averages record (passages and their
    /// words), from which <see cref="WindowRanking"/> tells how common a word is and how long a passage.
    /// </summary>
    public const string SqliteLibrary = """
        SELECT (SELECT MAX(passage_id) FROM search_passages) AS LastId, (SELECT block FROM search_passages_fts_data WHERE id = 1) AS Averages
        """;

    /// <summary>SQLite: language and section of the passages found best (@Ids).</summary>
    public const string SqlitePassages = """
        SELECT passage_id AS PassageId, language AS Language, section_heading AS SectionHeading FROM search_passages WHERE passage_id IN @Ids
        """;

    /// <summary>
    /// SQLite, for a query of several words (or a search in one language): for each word or the phrase
    /// (parameters @W0, @W1, …) how many passages hold it among the newest <see cref="RankWindow"/> of
    /// its matches, and the oldest of those.
    /// </summary>
    public static string SqliteWordMatches(int words) => string.Join("\nUNION ALL\n", Enumerable.Range(0, words).Select(i => $"""
        SELECT {i} AS Word, COUNT(*) AS Matches, COALESCE(MIN(rowid), 0) AS Oldest FROM (SELECT rowid FROM search_passages_fts
            WHERE search_passages_fts MATCH @W{i} ORDER BY rowid DESC LIMIT {RankWindow})
        """));

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
        if (database.Dialect.Provider == DatabaseProvider.SqlServer)
        {
            var ranked = await database.QueryInDialectAsync<Hit>(SqlServerSearch(language is not null),
                new { Query = query.ToContainsTable(), Language = language }, ct);
            return BestOfEachDocument(ranked, h => h.DocumentId, limit);
        }

        var window = await database.QueryInDialectAsync<WindowRow>(SqliteWindow(language is not null), new { Query = query.ToFts5(), Language = language }, ct);
        if (window.Count == 0) return [];
        var totals = (await database.QueryInDialectAsync<LibraryTotals>(SqliteLibrary, null, ct))[0];
        var passages = window.Select(r => r.Passage).ToList();
        var library = WindowRanking.Library.From(totals.Averages, totals.LastId ?? 0, () => passages.Average(WindowRanking.Length));
        var units = await UnitsAsync(database, query, language, window, ct);
        var scores = WindowRanking.Score(passages, units, [.. units.Select(u => WindowRanking.Idf(u, library))], library.AverageLength);
        var best = BestOfEachDocument(window.Select((row, i) => (Row: row, Score: scores[i]))
            .OrderByDescending(h => h.Score).ThenByDescending(h => h.Row.PassageId), h => h.Row.DocumentId, limit);
        var details = (await database.QueryInDialectAsync<PassageDetails>(SqlitePassages, new { Ids = best.Select(h => h.Row.PassageId).ToArray() }, ct))
            .ToDictionary(d => d.PassageId);
        // A passage gone since (its document reindexed in between) is left out, as a search a moment later would.
        return [.. best.Select(h => details.TryGetValue(h.Row.PassageId, out var d)
                ? new Hit { DocumentId = h.Row.DocumentId, Language = d.Language, SectionHeading = d.SectionHeading, Passage = h.Row.Passage, Score = h.Score }
                : null)
            .OfType<Hit>()];
    }

    // The query's units as the ranking weighs them: the phrase, or each word. For one unit the window
    // itself says how often it matched (when it holds every language); several words are counted each on its own.
    private static async Task<IReadOnlyList<WindowRanking.Unit>> UnitsAsync(Database database, SearchQuery query, string? language,
        IReadOnlyList<WindowRow> window, CancellationToken ct)
    {
        var folded = query.Words.Select(SearchTokens.Fold).ToList();
        if (language is null && (query.IsPhrase || folded.Count == 1))
            return [new WindowRanking.Unit(folded, window.Count, window.Min(r => r.PassageId))];
        var units = query.IsPhrase ? [query.ToFts5()] : query.Words.Select(w => "\"" + w + "\"").ToList();
        var parameters = new DynamicParameters();
        for (var i = 0; i < units.Count; i++) parameters.Add($"W{i}", units[i]);
        var counted = await database.QueryInDialectAsync<WordMatches>(SqliteWordMatches(units.Count), parameters, ct);
        return [.. counted.OrderBy(c => c.Word).Select(c => new WindowRanking.Unit(query.IsPhrase ? folded : [folded[(int)c.Word]], c.Matches, c.Oldest))];
    }

    private static List<T> BestOfEachDocument<T>(IEnumerable<T> ranked, Func<T, long> document, int limit) =>
        [.. ranked.GroupBy(document).Select(g => g.First()).Take(limit)];

    private sealed record WindowRow(long PassageId, long DocumentId, string Passage);

    private sealed record LibraryTotals(long? LastId, byte[]? Averages);

    private sealed record PassageDetails(long PassageId, string Language, string SectionHeading);

    private sealed record WordMatches(long Word, long Matches, long Oldest);
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

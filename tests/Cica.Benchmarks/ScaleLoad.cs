using Cica.Contracts.Cbm.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Testing;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cica.Benchmarks;

/// <summary>
/// Issue 13's scale figures: List and search through the platform over a large data set (100,000
/// activities, 10,000 concept-paper revisions) against the same calls over the seed alone. A page
/// should cost what its page size costs, whatever the table's size.
///
/// The large data set is the seeded data directory copied, then filled straight in the SQLite files
/// (the platform stopped), cloning the seed's own rows so that every row is one the platform wrote:
/// activities under new ids; policy documents with their revisions and search passages under new
/// ids, the FTS5 index rebuilt. Not through the RPCs: 100,000 fsynced write transactions would take
/// many minutes on two cores, and the benchmark is about reading.
/// </summary>
public static class ScaleLoad
{
    /// <summary>One timed call, by name, with the request it makes.</summary>
    public sealed record Query(string Id, string Name, Func<PlatformHost, Func<Task<int>>> Make);

    /// <summary>Each query's median latency per round (ms) and how many rows one call returned.</summary>
    public sealed record Measured(Dictionary<string, List<double>> MediansMs, Dictionary<string, int> Rows);

    /// <summary>Copies <paramref name="seeded"/> (a stopped, seeded data directory) to <paramref name="large"/> and fills it.</summary>
    public static async Task<string> PrepareAsync(string seeded, string large, int activities, int revisions)
    {
        Directory.CreateDirectory(large);
        foreach (var file in Directory.GetFiles(seeded)) File.Copy(file, Path.Combine(large, Path.GetFileName(file)));
        var made = await CloneActivitiesAsync(Path.Combine(large, Cica.CbmCoordination.CbmCoordinationModule.ServiceName + ".db"), activities);
        var (documents, revisionCount, passages) = await CloneDocumentsAsync(Path.Combine(large, Cica.ConceptPapers.ConceptPapersModule.ServiceName + ".db"), revisions);
        SqliteConnection.ClearAllPools();
        return $"{Report.Count(made)} activities; {Report.Count(documents)} policy documents with {Report.Count(revisionCount)} revisions and {Report.Count(passages)} search passages";
    }

    /// <summary>The calls timed on both data sets.</summary>
    public static IReadOnlyList<Query> Queries(string searchWord) =>
    [
        new("S1", "ListActivities, first page, page_size 100", h => Activities(h, 100)),
        new("S2", "ListActivities, first page, page_size 10", h => Activities(h, 10)),
        new("S3", "ListActivities, page_size 100, year 2023 filter", h =>
        {
            var client = new CbmCoordinationService.CbmCoordinationServiceClient(h.Channel);
            return async () => (await client.ListActivitiesAsync(new ListActivitiesRequest { PageSize = 100, Year = 2023 })).Activities.Count;
        }),
        new("S4", "ListPolicyDocuments, first page, page_size 100", h => Documents(h, 100)),
        new("S5", "ListPolicyDocuments, first page, page_size 10", h => Documents(h, 10)),
        new("S6", $"SearchPolicyDocuments \"{searchWord}\", page_size 20", h =>
        {
            var client = new ConceptPapersService.ConceptPapersServiceClient(h.Channel);
            return async () => (await client.SearchPolicyDocumentsAsync(new SearchPolicyDocumentsRequest { Query = searchWord, PageSize = 20 })).Results.Count;
        }),
    ];

    /// <summary>
    /// Starts the platform over <paramref name="dataDirectory"/> and times each query: <paramref name="rounds"/>
    /// rounds (queries interleaved) of <paramref name="calls"/> calls after <paramref name="warmup"/> untimed; each round's median, ms.
    /// </summary>
    public static async Task<Measured> MeasureAsync(string dataDirectory, IReadOnlyList<Query> queries, int rounds, int warmup, int calls)
    {
        await using var host = await PlatformHost.StartAsync(dataDirectory, Quiet);
        var made = queries.Select(q => (q.Id, Call: q.Make(host))).ToList();
        var medians = queries.ToDictionary(q => q.Id, _ => new List<double>());
        var rows = new Dictionary<string, int>();
        foreach (var (id, call) in made) rows[id] = await call();
        for (var round = 0; round < rounds; round++)
            foreach (var (id, call) in made)
                medians[id].Add((await Latency.MeasureAsync(id, () => call(), round == 0 ? warmup : warmup / 10, calls)).MedianMs);
        return new Measured(medians, rows);
    }

    /// <summary>Settings of an in-process platform whose startup chatter (health checks while starting) is not wanted on the console.</summary>
    public static IReadOnlyDictionary<string, string> Quiet { get; } = new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Critical" };

    private static Func<Task<int>> Activities(PlatformHost host, int pageSize)
    {
        var client = new CbmCoordinationService.CbmCoordinationServiceClient(host.Channel);
        return async () => (await client.ListActivitiesAsync(new ListActivitiesRequest { PageSize = pageSize })).Activities.Count;
    }

    private static Func<Task<int>> Documents(PlatformHost host, int pageSize)
    {
        var client = new ConceptPapersService.ConceptPapersServiceClient(host.Channel);
        return async () => (await client.ListPolicyDocumentsAsync(new ListPolicyDocumentsRequest { PageSize = pageSize })).PolicyDocuments.Count;
    }

    // Each seeded activity cloned in turn under a new id until the table holds `count` rows.
    private static async Task<long> CloneActivitiesAsync(string file, int count)
    {
        await using var connection = Open(file);
        var templates = (await connection.QueryAsync<long>("SELECT activity_id FROM activities ORDER BY activity_id")).ToArray();
        if (templates.Length == 0) throw new InvalidOperationException("the seed has no activities to clone");
        var columns = await ColumnsAsync(connection, "activities");
        var select = string.Join(", ", columns.Select(c => c == "activity_id" ? "@id" : c));
        var sql = $"INSERT INTO activities ({string.Join(", ", columns)}) SELECT {select} FROM activities WHERE activity_id = @template";
        await using var transaction = await connection.BeginTransactionAsync();
        var next = templates.Max();
        for (var i = templates.Length; i < count; i++)
            await connection.ExecuteAsync(sql, new { id = ++next, template = templates[i % templates.Length] }, transaction);
        await connection.ExecuteAsync("UPDATE sequences SET last_issued = @next WHERE name = 'activities'", new { next }, transaction);
        await transaction.CommitAsync();
        return await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM activities");
    }

    // The seeded documents (with their revisions and search passages) cloned under new ids, round
    // after round, until there are `revisions` revisions; then the full-text index is rebuilt.
    private static async Task<(long Documents, long Revisions, long Passages)> CloneDocumentsAsync(string file, int revisions)
    {
        await using var connection = Open(file);
        var maxDocument = await connection.QuerySingleAsync<long>("SELECT COALESCE(MAX(document_id), 0) FROM policy_documents");
        var maxPassage = await connection.QuerySingleAsync<long>("SELECT COALESCE(MAX(passage_id), 0) FROM search_passages");
        var seeded = await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM revisions");
        if (seeded == 0) throw new InvalidOperationException("the seed has no concept-paper revisions to clone");
        string Copy(string table, IEnumerable<string> columns, Func<string, string> value, string where) =>
            $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select(value))} FROM {table} WHERE {where}";
        var documents = Copy("policy_documents", await ColumnsAsync(connection, "policy_documents"),
            c => c switch { "document_id" => "document_id + @offset", "superseded_by" => "superseded_by + @offset", _ => c }, "document_id <= @maxDocument");
        var revisionRows = Copy("revisions", await ColumnsAsync(connection, "revisions"),
            c => c == "document_id" ? "document_id + @offset" : c, "document_id <= @maxDocument");
        var passages = Copy("search_passages", await ColumnsAsync(connection, "search_passages"),
            c => c switch { "document_id" => "document_id + @offset", "passage_id" => "passage_id + @passageOffset", _ => c }, "passage_id <= @maxPassage");
        await using var transaction = await connection.BeginTransactionAsync();
        var total = seeded;
        for (var round = 1; total < revisions; round++)
        {
            var args = new { offset = round * maxDocument, passageOffset = round * maxPassage, maxDocument, maxPassage };
            await connection.ExecuteAsync(documents, args, transaction);
            await connection.ExecuteAsync(revisionRows, args, transaction);
            await connection.ExecuteAsync(passages, args, transaction);
            total += seeded;
        }
        await connection.ExecuteAsync("INSERT INTO search_passages_fts (search_passages_fts) VALUES ('rebuild')", transaction: transaction);
        await connection.ExecuteAsync("UPDATE sequences SET last_issued = (SELECT MAX(document_id) FROM policy_documents) WHERE name = 'policy_documents'", transaction: transaction);
        await connection.ExecuteAsync("UPDATE sequences SET last_issued = (SELECT MAX(passage_id) FROM search_passages) WHERE name = 'search_passages'", transaction: transaction);
        await transaction.CommitAsync();
        return (await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM policy_documents"),
            await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM revisions"),
            await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM search_passages"));
    }

    private static SqliteConnection Open(string file)
    {
        if (!File.Exists(file)) throw new FileNotFoundException("no such database (did the platform make it?)", file);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static async Task<string[]> ColumnsAsync(SqliteConnection connection, string table) =>
        [.. await connection.QueryAsync<string>($"SELECT name FROM pragma_table_info('{table}')")];
}

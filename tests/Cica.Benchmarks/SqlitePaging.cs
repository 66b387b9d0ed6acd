using Cica.Membership.Storage;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Cica.Benchmarks;

/// <summary>
/// Page reads straight on the SQLite file, without gRPC: OFFSET paging (what key paging avoids),
/// key paging, and the store's own List query, each with the same ORDER BY and LIMIT.
/// </summary>
public sealed class SqlitePaging : IDisposable
{
    // The store's column list: the same bytes read and mapped as by the service.
    private const string Columns = """
        application_id AS ApplicationId, country_code AS CountryCode, name_en AS NameEn, name_ru AS NameRu, name_kk AS NameKk,
        state AS State, submitted_on AS SubmittedOn, recommendation AS Recommendation, admission AS Admission,
        create_time AS CreateTime, update_time AS UpdateTime, version AS Version
        """;

    /// <summary>OFFSET paging: SQLite steps over every row before the page.</summary>
    public const string OffsetSql = $"SELECT {Columns} FROM accession_applications ORDER BY application_id LIMIT @Limit OFFSET @Offset";

    /// <summary>Key paging: a seek in the primary key's index to the row after the last one seen.</summary>
    public const string KeySql = $"SELECT {Columns} FROM accession_applications WHERE application_id > @After ORDER BY application_id LIMIT @Limit";

    /// <summary>
    /// AccessionApplicationStore.ListAsync's query as the service sends it for a page after the first, with no state filter.
    /// A copy, so its plan can be printed: keep it in step with the store.
    /// </summary>
    public const string StoreSql = $"""
        SELECT {Columns} FROM accession_applications
        WHERE (application_id > @After)
        ORDER BY application_id LIMIT @Limit
        """;

    private readonly SqliteConnection _connection;

    /// <summary>Opens its own connection to the file.</summary>
    public SqlitePaging(string databaseFile)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        _connection.Open();
    }

    /// <summary>The SQLite library's version.</summary>
    public string Version => _connection.ExecuteScalar<string>("SELECT sqlite_version()")!;

    /// <summary>Rows in accession_applications.</summary>
    public long Rows => _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM accession_applications");

    /// <summary>A page by OFFSET.</summary>
    public IReadOnlyList<AccessionApplicationRow> ByOffset(int offset, int limit) =>
        _connection.Query<AccessionApplicationRow>(OffsetSql, new { Offset = offset, Limit = limit }).AsList();

    /// <summary>A page by key ("" before the first row).</summary>
    public IReadOnlyList<AccessionApplicationRow> ByKey(string after, int limit) =>
        _connection.Query<AccessionApplicationRow>(KeySql, new { After = after, Limit = limit }).AsList();

    /// <summary>A page by the store's query (null before the first row).</summary>
    public IReadOnlyList<AccessionApplicationRow> ByStoreQuery(string? after, int limit) =>
        // The store leaves the key condition out on the first page; "" sorts before every id, the same page.
        _connection.Query<AccessionApplicationRow>(StoreSql, new { After = after ?? "", Limit = limit }).AsList();

    /// <summary>The lines of EXPLAIN QUERY PLAN for <paramref name="sql"/>.</summary>
    public IReadOnlyList<string> Plan(string sql, object parameters) =>
        _connection.Query<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters)
            .Select(r => r.Detail).ToList();

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}

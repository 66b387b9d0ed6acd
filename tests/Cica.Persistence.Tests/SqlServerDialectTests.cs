using Cica.Persistence.Dialects;

namespace Cica.Persistence.Tests;

/// <summary>How the dialect tokens render for SQL Server, and that the parser check is not a rubber stamp.</summary>
public sealed class SqlServerDialectTests
{
    // The dimensions page of the CBM service, as PriorityAreaStore writes it.
    private const string DimensionsPage = "SELECT slug AS Slug FROM dimensions WHERE number > @afterNumber ORDER BY number {limit}";

    [Fact]
    public void A_page_ends_its_ordered_select_with_OFFSET_FETCH_on_SQL_Server_and_LIMIT_on_SQLite()
    {
        var sqlServer = SqlServerDialect.Instance.Render(DimensionsPage);

        Assert.Equal("SELECT slug AS Slug FROM dimensions WHERE number > @afterNumber ORDER BY number OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY", sqlServer);
        Assert.Empty(TSql.ParseErrors(sqlServer));
        Assert.EndsWith("ORDER BY number LIMIT @Limit", SqliteDialect.Instance.Render(DimensionsPage));
    }

    [Fact]
    public void Column_tokens_render_as_SQL_Server_types()
    {
        var sql = SqlServerDialect.Instance.Render("CREATE TABLE outbox_draft (sequence {autoid}, payload {blob} NOT NULL, note {text} NULL);");

        Assert.Equal("CREATE TABLE outbox_draft (sequence BIGINT IDENTITY(1,1) PRIMARY KEY, payload VARBINARY(MAX) NOT NULL, note NVARCHAR(MAX) NULL);", sql);
        Assert.Empty(TSql.ParseErrors(sql));
    }

    // If these parsed, a passing portability test would prove nothing.
    [Theory]
    [InlineData("SELECT slug FROM dimensions ORDER BY number LIMIT @Limit")]
    [InlineData("SELECT slug FROM dimensions OFFSET 0 ROWS FETCH NEXT @Limit ROWS ONLY")]
    [InlineData("CREATE TABLE IF NOT EXISTS schema_migrations (module NVARCHAR(50) NOT NULL)")]
    [InlineData("PRAGMA journal_mode = WAL;")]
    [InlineData("SELECT slug FROM dimensions ORDER BY number {limit}")]
    public void The_parser_refuses_what_SQL_Server_would_refuse(string sql) =>
        Assert.NotEmpty(TSql.ParseErrors(sql));

    [Fact]
    public void A_list_parameter_is_checked_as_Dapper_expands_it()
    {
        const string sql = "SELECT area_id FROM priority_areas WHERE area_id IN @areaIds";

        Assert.Equal("SELECT area_id FROM priority_areas WHERE area_id IN (@areaIds1, @areaIds2)", TSql.AsDapperSendsIt(sql));
        Assert.Empty(TSql.ParseErrors(sql));
    }

    [Fact]
    public async Task A_recorder_sees_what_its_own_flow_rendered_and_nothing_else()
    {
        var mine = $"SELECT slug FROM dimensions WHERE slug = N'{Guid.NewGuid():N}'";
        var elsewhere = $"SELECT slug FROM dimensions WHERE slug = N'{Guid.NewGuid():N}'";
        var before = $"SELECT slug FROM dimensions WHERE slug = N'{Guid.NewGuid():N}'";
        SqlServerDialect.Instance.Render(before);

        var recorder = StatementRecorder.Start();
        SqlServerDialect.Instance.Render(mine);
        await Task.Run(() => SqlServerDialect.Instance.Render(mine)); // work the flow starts reports too
        Task unrelated;
        using (ExecutionContext.SuppressFlow()) unrelated = Task.Run(() => SqlServerDialect.Instance.Render(elsewhere)); // a flow of its own does not
        await unrelated;

        Assert.Equal([mine], recorder.Templates);
    }
}

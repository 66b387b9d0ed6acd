using Cica.Testing;

namespace Cica.Persistence.Tests;

/// <summary>
/// On SQLite the writer and the reads keep their statements compiled on connections kept open
/// (<c>PreparedStatementConnection</c>, <c>ReadConnections</c>): every write must still write exactly
/// its own parameters, and every read see every commit before it, whatever ran before on the same statement.
/// </summary>
public sealed class PreparedStatementTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new("cica-prepared-statements");

    public void Dispose() => _data.Dispose();

    private const string Record = """
        INSERT INTO request_log (operation, request_id, fingerprint, response, created_at)
        VALUES (@Operation, @RequestId, @Fingerprint, @Response, '2026-11-29T00:00:00Z')
        """;

    [Fact]
    public async Task The_same_statement_in_many_writes_writes_each_writes_own_values()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => database.WriteAsync(uow =>
            uow.ExecuteAsync(Record, new { Operation = "Op", RequestId = $"r{i}", Fingerprint = $"f{i}", Response = new byte[] { (byte)i } }, None), None)));

        var rows = (await database.QueryAsync<(string RequestId, string Fingerprint)>(
            "SELECT request_id, fingerprint FROM request_log WHERE operation = 'Op'", ct: None)).ToList();
        Assert.Equal(50, rows.Count);
        Assert.All(rows, r => Assert.Equal("f" + r.RequestId[1..], r.Fingerprint));
    }

    [Fact]
    public async Task A_parameter_left_out_fails_the_write_instead_of_reusing_the_value_bound_by_the_previous_write()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await database.WriteAsync(uow => uow.ExecuteAsync(Record,
            new { Operation = "Op", RequestId = "first", Fingerprint = "f1", Response = new byte[] { 1 } }, None), None);

        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => database.WriteAsync(uow => uow.ExecuteAsync(Record,
            new { Operation = "Op", RequestId = "second", Response = new byte[] { 2 } }, None), None));

        Assert.Null(await database.QuerySingleOrDefaultAsync<string>(
            "SELECT fingerprint FROM request_log WHERE request_id = 'second'", ct: None));
    }

    [Fact]
    public async Task A_list_expanded_into_IN_keeps_the_parameters_added_before_and_after_it_whatever_its_length()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await database.WriteAsync(async uow =>
        {
            foreach (var id in new[] { "a", "b", "c", "d" })
                await uow.ExecuteAsync(Record, new { Operation = "Op", RequestId = id, Fingerprint = "f-" + id, Response = new byte[] { 0 } }, None);
            return 0;
        }, None);

        foreach (var ids in new[] { new[] { "a" }, ["a", "c"], ["b", "c", "d"], ["a", "c"] })
        {
            var found = await database.WriteAsync(async uow => (await uow.QueryAsync<string>(
                "SELECT request_id FROM request_log WHERE operation = @Operation AND request_id IN @Ids AND created_at < @Until ORDER BY request_id",
                new { Operation = "Op", Ids = ids, Until = "2027" }, None)).ToArray(), None);
            Assert.Equal(ids.Order(), found);
        }
    }

    [Fact]
    public async Task A_failed_write_keeps_nothing_and_its_statements_serve_the_next_write()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await Assert.ThrowsAsync<InvalidOperationException>(() => database.WriteAsync<int>(async uow =>
        {
            await uow.ExecuteAsync(Record, new { Operation = "Op", RequestId = "undone", Fingerprint = "f", Response = new byte[] { 0 } }, None);
            throw new InvalidOperationException("the rules refused");
        }, None));

        await database.WriteAsync(uow => uow.ExecuteAsync(Record,
            new { Operation = "Op", RequestId = "kept", Fingerprint = "f", Response = new byte[] { 0 } }, None), None);

        var ids = await database.QueryAsync<string>("SELECT request_id FROM request_log WHERE operation = 'Op'", ct: None);
        Assert.Equal(["kept"], ids);
    }

    [Fact]
    public async Task A_read_on_a_kept_connection_sees_every_commit_before_it()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        for (var i = 0; i < 20; i++)
        {
            await database.WriteAsync(uow => uow.ExecuteAsync(Record,
                new { Operation = "Op", RequestId = $"r{i}", Fingerprint = $"f{i}", Response = new byte[] { 0 } }, None), None);
            var newest = await database.QuerySingleOrDefaultAsync<string>(
                "SELECT MAX(request_id) FROM request_log WHERE operation = @Operation AND fingerprint = @Fingerprint",
                new { Operation = "Op", Fingerprint = $"f{i}" }, None);
            var all = await database.QueryAsync<string>("SELECT request_id FROM request_log WHERE operation = 'Op'", ct: None);
            Assert.Equal($"r{i}", newest);
            Assert.Equal(i + 1, all.Count);
        }
    }

    [Fact]
    public async Task Reads_leave_no_snapshot_open_so_a_checkpoint_can_empty_the_log()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await database.WriteAsync(uow => uow.ExecuteAsync(Record,
            new { Operation = "Op", RequestId = "r", Fingerprint = "f", Response = new byte[] { 0 } }, None), None);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => database.QuerySingleOrDefaultAsync<string>(
            "SELECT fingerprint FROM request_log WHERE request_id = 'r'", ct: None)));

        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(database.Options.ConnectionString);
        await other.OpenAsync();
        await using var checkpoint = other.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using var result = await checkpoint.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync());
        Assert.Equal(0L, result.GetInt64(0));   // busy: 0 when no reader holds back the checkpoint
    }

    [Fact]
    public async Task A_failed_read_does_not_spoil_the_next_one()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => database.QueryAsync<string>("SELECT nothing FROM no_such_table", ct: None));
        Assert.Equal(0L, await database.QuerySingleOrDefaultAsync<long>("SELECT COUNT(*) FROM request_log WHERE operation = 'Op'", ct: None));
    }
}

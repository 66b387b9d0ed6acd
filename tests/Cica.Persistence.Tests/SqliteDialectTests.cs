using System.Data.Common;
using Cica.Testing;

namespace Cica.Persistence.Tests;

/// <summary>The SQLite dialect's behaviour on real database files.</summary>
public sealed class SqliteDialectTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _data = new("cica-persistence-test");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_duplicate_primary_key_or_unique_index_entry_is_a_unique_violation_and_a_missing_value_is_not()
    {
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        var (duplicateKey, duplicateIndexEntry, missingValue) = await database.WriteAsync(async uow =>
        {
            await RequestLog.RecordAsync(uow, "SubmitAccessionApplication", "retry-1", "f1", [1], None);
            await uow.ExecuteAsync(InsertOutboxMessage, Message("00000000-0000-0000-0000-000000000001"), None);

            var duplicateKey = await Assert.ThrowsAnyAsync<DbException>(() =>
                RequestLog.RecordAsync(uow, "SubmitAccessionApplication", "retry-1", "f2", [2], None));
            var duplicateIndexEntry = await Assert.ThrowsAnyAsync<DbException>(() =>
                uow.ExecuteAsync(InsertOutboxMessage, Message("00000000-0000-0000-0000-000000000001"), None));
            var missingValue = await Assert.ThrowsAnyAsync<DbException>(() => uow.ExecuteAsync(
                "INSERT INTO request_log (operation, request_id, fingerprint, response, created_at) VALUES ('AdmitMemberState', 'retry-2', NULL, @Response, 'now')",
                new { Response = new byte[] { 3 } }, None));
            return (duplicateKey, duplicateIndexEntry, missingValue);
        }, None);

        Assert.True(database.Dialect.IsUniqueViolation(duplicateKey), duplicateKey.Message);
        Assert.True(database.Dialect.IsUniqueViolation(duplicateIndexEntry), duplicateIndexEntry.Message);
        Assert.False(database.Dialect.IsUniqueViolation(missingValue), missingValue.Message);
    }

    [Fact]
    public async Task A_write_transaction_holds_the_write_lock_from_its_start_so_a_writer_of_another_process_waits_instead_of_failing()
    {
        // Two Database objects over one file stand for two processes: each has a writer of its own,
        // so they meet in SQLite's lock, not in one writer's queue.
        await using var database = await ScratchDatabase.CreateAsync(_data.Path);
        await using var other = await ScratchDatabase.CreateAsync(_data.Path);
        var firstHoldsTheLock = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.WriteAsync(async uow =>
        {
            await RequestLog.RecordAsync(uow, "AmendCoordinatorList", "first", "f1", [1], None);
            firstHoldsTheLock.SetResult();
            await releaseFirst.Task;
        }, None);
        await firstHoldsTheLock.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // BEGIN IMMEDIATE of SQLite blocks its thread while it waits for the lock, so the second writer gets one of its own.
        var second = Task.Run(() => other.WriteAsync(async uow =>
        {
            var seen = await RequestLog.FindAsync(uow, "AmendCoordinatorList", "first", None);
            await RequestLog.RecordAsync(uow, "AmendCoordinatorList", "second", "f2", [2], None);
            return seen;
        }, None));

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(second.IsCompleted, "the second writer began while the first held the write lock");
        releaseFirst.SetResult();
        await first;

        var seenByTheSecond = await second.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotNull(seenByTheSecond); // it began only after the first had committed
        Assert.NotNull(await database.QuerySingleOrDefaultAsync<string>(
            "SELECT request_id FROM request_log WHERE operation = 'AmendCoordinatorList' AND request_id = 'second'", ct: None));
    }

    private static object Message(string messageId) => new { MessageId = messageId, Payload = new byte[] { 0 } };

    // Portable SQL: it joins the statements the e2e test checks against SQL Server's grammar.
    private const string InsertOutboxMessage = """
        INSERT INTO outbox_messages (message_id, message_type, payload, created_at)
        VALUES (@MessageId, 'cica.membership.v1.MemberStateAdmitted', @Payload, '2022-10-13T00:00:00Z')
        """;
}

using Cica.Persistence.Dialects;
using Cica.Testing;
using Microsoft.Data.Sqlite;

namespace Cica.Persistence.Tests;

/// <summary>
/// The error interceptor answers UNAVAILABLE (retry) only for failures the dialect calls transient:
/// a database locked by another writer is retryable, a broken constraint is not.
/// </summary>
public sealed class TransientErrorTests
{
    [Fact]
    public async Task A_database_locked_by_another_writer_is_transient_and_a_constraint_violation_is_not()
    {
        using var data = new TempDirectory();
        var file = Path.Combine(data.Path, "t.db");
        await using var holder = new SqliteConnection($"Data Source={file};Pooling=False");
        await holder.OpenAsync();
        await Execute(holder, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1); BEGIN EXCLUSIVE;");

        await using var other = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=1");
        await other.OpenAsync();
        await Execute(other, "PRAGMA busy_timeout = 0;");
        var busy = await Assert.ThrowsAsync<SqliteException>(() => Execute(other, "INSERT INTO t VALUES (2)"));
        Assert.True(SqlDialect.IsTransientFailure(busy), $"SQLITE error {busy.SqliteErrorCode} should be transient");

        await Execute(holder, "COMMIT");
        var duplicate = await Assert.ThrowsAsync<SqliteException>(() => Execute(other, "INSERT INTO t VALUES (1)"));
        Assert.False(SqlDialect.IsTransientFailure(duplicate));
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

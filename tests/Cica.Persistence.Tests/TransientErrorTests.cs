using System.Diagnostics;
using Cica.Persistence.Dialects;
using Cica.ServiceDefaults.Errors;
using Cica.Testing;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cica.Persistence.Tests;

/// <summary>
/// The error interceptor answers UNAVAILABLE (retry) only for failures the dialect calls transient:
/// a database locked by another writer is retryable, a broken constraint is not. The interceptor
/// itself is called with a handler that throws.
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

    [Fact]
    public async Task The_interceptor_answers_a_busy_database_with_UNAVAILABLE_DATABASE_UNAVAILABLE()
    {
        var busy = new SqliteException("database is locked", 5); // SQLITE_BUSY

        var ex = await Assert.ThrowsAsync<RpcException>(() => Intercept(busy));

        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Equal("DATABASE_UNAVAILABLE", ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        Assert.DoesNotContain("database is locked", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_interceptor_answers_any_other_database_failure_with_INTERNAL_its_trace_id_and_no_exception_text()
    {
        const string secret = "UNIQUE constraint failed: member_states.country_code";
        var broken = new SqliteException(secret, 19); // SQLITE_CONSTRAINT
        using var activity = new Activity("test-call").SetIdFormat(ActivityIdFormat.W3C).Start();

        var ex = await Assert.ThrowsAsync<RpcException>(() => Intercept(broken));

        Assert.Equal(StatusCode.Internal, ex.StatusCode);
        Assert.Contains(activity.TraceId.ToString(), ex.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("member_states", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Null(ex.GetRpcStatus()?.GetDetail<ErrorInfo>());
    }

    [Fact]
    public async Task A_stream_written_after_its_caller_left_ends_CANCELLED_and_the_same_failure_on_a_live_call_is_INTERNAL()
    {
        // grpc-dotnet refuses a write once the call is over (client gone, deadline passed).
        static Task WriteAfterTheEnd(string request, IServerStreamWriter<string> stream, ServerCallContext context) =>
            throw new InvalidOperationException("Can't write the message because the request is complete.");
        var interceptor = new UnexpectedErrorInterceptor(NullLogger<UnexpectedErrorInterceptor>.Instance);

        var left = await Assert.ThrowsAsync<RpcException>(() => interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, new FakeCallContext(new CancellationToken(canceled: true)), WriteAfterTheEnd));
        var live = await Assert.ThrowsAsync<RpcException>(() => interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, new FakeCallContext(), WriteAfterTheEnd));

        Assert.Equal(StatusCode.Cancelled, left.StatusCode);
        Assert.Equal(StatusCode.Internal, live.StatusCode);
    }

    // The interceptor around a handler that fails with the exception.
    private static Task<string> Intercept(Exception failure) =>
        new UnexpectedErrorInterceptor(NullLogger<UnexpectedErrorInterceptor>.Instance)
            .UnaryServerHandler<string, string>("request", new FakeCallContext(), (_, _) => throw failure);

    // The little of a call the interceptor reads: its method and cancellation.
    private sealed class FakeCallContext(CancellationToken cancellation = default) : ServerCallContext
    {
        protected override string MethodCore => "/cica.test.v1.TestService/Fail";
        protected override string HostCore => "127.0.0.1";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => cancellation;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Grpc.Core.Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore { get; } = new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

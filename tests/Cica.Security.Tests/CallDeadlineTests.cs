using System.Diagnostics;
using Cica.ServiceDefaults;
using Cica.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Cica.Security.Tests;

/// <summary>Every unary call has a deadline: the client's, or the server's cap when the client set none or a longer one.</summary>
public sealed class CallDeadlineTests
{
    private static CallDeadlineInterceptor Capped(TimeSpan max) =>
        new(Options.Create(new SecurityOptions { MaxCallDuration = max }));

    [Fact]
    public async Task A_call_without_a_deadline_is_stopped_at_the_servers_cap_with_deadline_exceeded()
    {
        var interceptor = Capped(TimeSpan.FromMilliseconds(300));
        var call = new FakeCall(DateTime.MaxValue);
        DateTime seen = default;
        var stopwatch = Stopwatch.StartNew();

        var refused = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>("request", call, async (_, context) =>
        {
            seen = context.Deadline;
            await Task.Delay(Timeout.Infinite, context.CancellationToken); // a handler that would wait forever
            return "never";
        }));

        Assert.Equal(StatusCode.DeadlineExceeded, refused.StatusCode);
        Assert.True(seen < DateTime.UtcNow.AddSeconds(1), $"the handler saw the deadline {seen:O}, not the cap");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), "the call was not stopped");
    }

    [Fact]
    public async Task A_client_deadline_inside_the_cap_is_the_one_the_handler_sees_and_a_client_cancellation_stays_a_cancellation()
    {
        var interceptor = Capped(TimeSpan.FromSeconds(30));
        var clientDeadline = DateTime.UtcNow.AddSeconds(5);
        var call = new FakeCall(clientDeadline);
        ServerCallContext? seen = null;
        Assert.Equal("done", await interceptor.UnaryServerHandler<string, string>("request", call, (_, context) =>
        {
            seen = context;
            return Task.FromResult("done");
        }));
        Assert.Same(call, seen);

        using var cancelled = new CancellationTokenSource();
        var longCall = new FakeCall(DateTime.MaxValue, cancelled.Token);
        var handler = interceptor.UnaryServerHandler<string, string>("request", longCall, async (_, context) =>
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return "never";
        });
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handler);
    }

    private sealed class FakeCall(DateTime deadline, CancellationToken cancellation = default) : ServerCallContext
    {
        private readonly Dictionary<object, object> _state = [];
        protected override string MethodCore => "/cica.test.v1.Test/Call";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => deadline;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => cancellation;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override IDictionary<object, object> UserStateCore => _state;
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}

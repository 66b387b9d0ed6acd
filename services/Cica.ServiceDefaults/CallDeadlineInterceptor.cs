using Cica.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Cica.ServiceDefaults;

/// <summary>
/// A deadline on every unary call: the client's, capped at <see cref="SecurityOptions.MaxCallDuration"/>
/// (a client that sets none, or one of an hour, gets the cap). The handler sees the earlier of the
/// two in its cancellation token and deadline, so its database work stops, and the caller gets
/// DEADLINE_EXCEEDED. Streaming calls (the live feed) are exempt: they last as long as their client follows.
/// </summary>
/// <remarks>
/// Deadlines are wall-clock instants (gRPC's, the client's), so the cap is taken from the system
/// clock, never from the platform's domain clock (which tests and replays set to another day).
/// </remarks>
public sealed class CallDeadlineInterceptor(IOptions<SecurityOptions> options) : Interceptor
{
    private readonly TimeSpan _max = options.Value.MaxCallDuration;

    /// <inheritdoc />
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var now = DateTime.UtcNow;
        if (_max <= TimeSpan.Zero || context.Deadline - now <= _max) return await continuation(request, context);

        using var capped = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        capped.CancelAfter(_max);
        try
        {
            return await continuation(request, new CappedCallContext(context, now + _max, capped.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is RpcException { StatusCode: StatusCode.Cancelled })
        {
            if (context.CancellationToken.IsCancellationRequested || !capped.IsCancellationRequested) throw;
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"The call ran past the server's limit of {_max.TotalSeconds:0.#} s."));
        }
    }

    // The call as its handler sees it: everything of the real call but an earlier deadline.
    private sealed class CappedCallContext : ServerCallContext
    {
        // Where Grpc.AspNetCore's GetHttpContext() finds the HttpContext of a wrapped call.
        private const string HttpContextKey = "__HttpContext";
        private readonly ServerCallContext _call;
        private readonly DateTime _deadline;
        private readonly CancellationToken _cancellation;

        public CappedCallContext(ServerCallContext call, DateTime deadline, CancellationToken cancellation)
        {
            _call = call;
            _deadline = deadline;
            _cancellation = cancellation;
            if (!call.UserState.ContainsKey(HttpContextKey) && HttpContextOf(call) is { } http) call.UserState[HttpContextKey] = http;
        }

        private static object? HttpContextOf(ServerCallContext call)
        {
            try
            {
                return call.GetHttpContext();
            }
            catch (InvalidOperationException)
            {
                return null; // a call not served by ASP.NET Core (a unit test's)
            }
        }

        protected override string MethodCore => _call.Method;
        protected override string HostCore => _call.Host;
        protected override string PeerCore => _call.Peer;
        protected override DateTime DeadlineCore => _deadline;
        protected override Metadata RequestHeadersCore => _call.RequestHeaders;
        protected override CancellationToken CancellationTokenCore => _cancellation;
        protected override Metadata ResponseTrailersCore => _call.ResponseTrailers;
        protected override Status StatusCore { get => _call.Status; set => _call.Status = value; }
        protected override WriteOptions? WriteOptionsCore { get => _call.WriteOptions; set => _call.WriteOptions = value; }
        protected override AuthContext AuthContextCore => _call.AuthContext;
        protected override IDictionary<object, object> UserStateCore => _call.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            _call.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => _call.WriteResponseHeadersAsync(responseHeaders);
    }
}

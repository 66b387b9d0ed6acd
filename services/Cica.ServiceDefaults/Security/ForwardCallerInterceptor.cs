using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// For clients a service uses while answering a call (the gateway's downstream clients): forwards
/// the caller's own credentials (<c>authorization</c>, or the development declaration when that is
/// allowed), so the service called authenticates the same principal and never trusts the gateway's word.
/// </summary>
public sealed class ForwardCallerInterceptor(IHttpContextAccessor accessor) : Interceptor
{
    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    private ClientInterceptorContext<TRequest, TResponse> WithCaller<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var incoming = accessor.HttpContext?.Request.Headers;
        if (incoming is null) return context;
        var headers = context.Options.Headers ?? [];
        foreach (var name in new[] { "authorization", DeclaredCallerHandler.Header })
            if (incoming[name].ToString() is { Length: > 0 } value && headers.Get(name) is null) headers.Add(name, value);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}

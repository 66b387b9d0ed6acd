using System.Security.Claims;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;

namespace Cica.Portal;

/// <summary>
/// The ONE place where the signed-in desk officer's identity becomes the caller of the platform's
/// APIs: an interceptor on every gRPC client of the portal that adds the caller's metadata to every
/// call. Today that is the declared caller <c>x-cica-caller: secretariat | member-state/&lt;ISO3&gt;</c>;
/// when the platform authenticates callers with JWT bearer tokens (issue 11), this class, and only
/// it, changes: it will add <c>authorization: Bearer &lt;token&gt;</c> for the signed-in identity instead.
/// </summary>
public sealed class PortalCredentials(IHttpContextAccessor http) : Interceptor
{
    /// <summary>Claim holding "secretariat" or the ISO 3166-1 alpha-3 code of the member state.</summary>
    public const string ActorClaim = "cica:actor";

    /// <summary>The Secretariat's value of <see cref="ActorClaim"/>.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>The identity of a desk officer of <paramref name="actor"/> ("secretariat" or "RUS").</summary>
    public static ClaimsPrincipal Principal(string actor, string language, string timeZone) =>
        new(new ClaimsIdentity(
        [
            new Claim(ActorClaim, actor),
            new Claim(PortalUser.LanguageClaim, language),
            new Claim(PortalUser.TimeZoneClaim, timeZone),
        ], PortalModule.Scheme));

    /// <summary>The metadata that says who calls, for the signed-in <paramref name="user"/>; empty when nobody is signed in.</summary>
    public static Metadata For(ClaimsPrincipal? user)
    {
        var actor = user?.FindFirst(ActorClaim)?.Value;
        var metadata = new Metadata();
        if (string.IsNullOrEmpty(actor)) return metadata;
        metadata.Add("x-cica-caller", actor == Secretariat ? "secretariat" : "member-state/" + actor);
        return metadata;
    }

    private ClientInterceptorContext<TRequest, TResponse> WithCaller<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        var caller = For(http.HttpContext?.User);
        if (caller.Count == 0) return context;
        var headers = context.Options.Headers ?? [];
        foreach (var entry in caller) headers.Add(entry);
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }

    /// <inheritdoc />
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));

    /// <inheritdoc />
    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request,
        ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithCaller(context));
}

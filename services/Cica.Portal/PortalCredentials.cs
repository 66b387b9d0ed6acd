using System.Globalization;
using System.Security.Claims;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace Cica.Portal;

/// <summary>
/// The ONE place where the signed-in desk officer becomes the caller of the platform's APIs: an
/// interceptor on every gRPC client of the portal that forwards, as <c>authorization: Bearer</c>,
/// the very token the desk officer signed in with (pasted from the platform's <c>token</c> command,
/// or obtained from the identity provider), kept in the portal's cookie (encrypted by data
/// protection). The portal signs no token of its own: it can act only as someone who proved who
/// they are, and only until that proof expires. Before sign-in it sends no credentials.
/// </summary>
public sealed class PortalCredentials(IHttpContextAccessor http) : Interceptor
{
    /// <summary>Claim holding "secretariat" or the ISO 3166-1 alpha-3 code of the member state.</summary>
    public const string ActorClaim = "cica:actor";

    /// <summary>Claim holding when the signed-in token expires (Unix seconds): the session ends then.</summary>
    public const string TokenExpiresClaim = "cica:token-expires";

    /// <summary>The Secretariat's value of <see cref="ActorClaim"/>.</summary>
    public const string Secretariat = "secretariat";

    /// <summary>Name under which the token is kept in the cookie's properties (as OpenID Connect's SaveTokens names it).</summary>
    public const string AccessToken = "access_token";

    private static readonly object Key = new();

    /// <summary>The identity of a desk officer of <paramref name="actor"/> ("secretariat" or "RUS"), signed in with a token valid until <paramref name="tokenExpires"/>.</summary>
    public static ClaimsPrincipal Principal(string actor, string language, string timeZone, DateTimeOffset tokenExpires) =>
        new(new ClaimsIdentity(
        [
            new Claim(ActorClaim, actor),
            new Claim(PortalUser.LanguageClaim, language),
            new Claim(PortalUser.TimeZoneClaim, timeZone),
            new Claim(TokenExpiresClaim, tokenExpires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        ], PortalModule.Scheme));

    /// <summary>When the token of <paramref name="user"/> expires; null when the claim is missing.</summary>
    public static DateTimeOffset? TokenExpires(ClaimsPrincipal? user) =>
        long.TryParse(user?.FindFirst(TokenExpiresClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>Properties that keep <paramref name="token"/> in the cookie.</summary>
    public static AuthenticationProperties Keeping(string token)
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = AccessToken, Value = token }]);
        return properties;
    }

    /// <summary>Makes the token of the request's signed-in session the caller of the request's API calls.</summary>
    public static void Use(HttpContext context, AuthenticateResult signedIn)
    {
        if (signedIn.Succeeded && signedIn.Properties?.GetTokenValue(AccessToken) is { Length: > 0 } token) context.Items[Key] = token;
    }

    private ClientInterceptorContext<TRequest, TResponse> WithCaller<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class where TResponse : class
    {
        if (http.HttpContext?.Items[Key] is not string token) return context;
        var headers = context.Options.Headers ?? [];
        headers.Add("authorization", "Bearer " + token);
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

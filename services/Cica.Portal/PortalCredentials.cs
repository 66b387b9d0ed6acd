using System.Collections.Concurrent;
using System.Security.Claims;
using Cica.ServiceDefaults.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.Tokens;

namespace Cica.Portal;

/// <summary>
/// The ONE place where the signed-in desk officer's identity becomes the caller of the platform's
/// APIs: an interceptor on every gRPC client of the portal that adds <c>authorization: Bearer</c>
/// with a token for the signed-in identity. The portal signs those tokens itself with a key the
/// platform trusts: <c>Portal:SigningKey</c> (base64) when set, otherwise the platform's first
/// configured key (<c>Security:Jwt:SigningKeys:0</c>) or, where the platform trusts it, the
/// development key of the data directory (the embedded default). With a real identity provider the
/// sign-in page becomes its login and this class forwards the provider's token instead.
/// </summary>
public sealed class PortalCredentials(IHttpContextAccessor http, IConfiguration configuration) : Interceptor
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private readonly Lazy<SecurityKey> _key = new(() => SigningKey(configuration));
    private readonly ConcurrentDictionary<string, (string Token, DateTime Until)> _issued = new(StringComparer.Ordinal);

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

    /// <summary>
    /// The metadata that says who calls, for the signed-in <paramref name="user"/>; before sign-in
    /// (the sign-in page lists the member states) the portal reads as an observer, which may only read.
    /// </summary>
    public Metadata For(ClaimsPrincipal? user)
    {
        var actor = user?.FindFirst(ActorClaim)?.Value;
        return new Metadata { { "authorization", "Bearer " + TokenFor(string.IsNullOrEmpty(actor) ? Observer : actor) } };
    }

    private const string Observer = "observer";

    // One token per actor, renewed well before it expires.
    private string TokenFor(string actor)
    {
        var now = DateTime.UtcNow;
        if (_issued.TryGetValue(actor, out var held) && held.Until > now) return held.Token;
        var (role, country) = actor switch
        {
            Secretariat => ("secretariat", (string?)null),
            Observer => ("observer", null),
            _ => ("member-state", actor),
        };
        var token = DevelopmentKey.Issue(_key.Value, configuration["Security:Jwt:Issuer"] ?? new JwtOptions().Issuer,
            configuration["Security:Jwt:Audience"] ?? new JwtOptions().Audience, role, country, Lifetime);
        _issued[actor] = (token, now + Lifetime / 2);
        return token;
    }

    private static SecurityKey SigningKey(IConfiguration configuration)
    {
        if (configuration["Portal:SigningKey"] is { Length: > 0 } own) return DevelopmentKey.KeyOf(own, "portal");
        if (configuration["Security:Jwt:SigningKeys:0"] is { Length: > 0 } shared) return DevelopmentKey.KeyOf(shared, "configured-0");
        if (configuration.GetValue("Security:Jwt:TrustDevelopmentKey", false))
            return DevelopmentKey.LoadOrCreate(configuration["Persistence:DataDirectory"] ?? ".data");
        throw new InvalidOperationException("The portal has no key to sign its callers' tokens: set Portal:SigningKey (a key the platform trusts).");
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

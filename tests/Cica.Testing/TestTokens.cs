using System.Collections.Concurrent;
using System.Security.Cryptography;
using Cica.ServiceDefaults.Security;

namespace Cica.Testing;

/// <summary>
/// The test run's identity provider: a signing key of its own (random per test process, never
/// written anywhere), trusted by every <see cref="PlatformHost"/> and <see cref="PlatformProcess"/>
/// through <see cref="Settings"/>, and the bearer tokens it signs for <see cref="Callers"/>.
/// </summary>
public static class TestTokens
{
    /// <summary>The issuer of test tokens.</summary>
    public const string Issuer = "cica-tests";

    /// <summary>The audience of test tokens.</summary>
    public const string Audience = "cica-platform";

    private static readonly string KeyBase64 = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly ConcurrentDictionary<(string Role, string? Country), string> Issued = new();

    /// <summary>The settings that make a host trust test tokens (and nothing else), with rate limits far above what tests send.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Security:Jwt:Issuer"] = Issuer,
        ["Security:Jwt:Audience"] = Audience,
        ["Security:Jwt:SigningKeys:0"] = KeyBase64,
        ["Security:Jwt:TrustDevelopmentKey"] = "false",
        ["Security:RateLimit:Burst"] = "100000",
        ["Security:RateLimit:PerSecond"] = "100000",
    };

    /// <summary>A token for <paramref name="role"/> (secretariat, member-state, observer, or anything, to test refusals).</summary>
    public static string For(string role, string? country = null) =>
        Issued.GetOrAdd((role, country), k => DevelopmentKey.Issue(DevelopmentKey.KeyOf(KeyBase64, "test"), Issuer, Audience, k.Role, k.Country, TimeSpan.FromHours(12)));

    /// <summary>A token signed with <paramref name="keyBase64"/> or naming other issuer/audience: one the platform must refuse.</summary>
    public static string Foreign(string role, string? country = null, string? keyBase64 = null, string issuer = Issuer, string audience = Audience, TimeSpan? lifetime = null) =>
        DevelopmentKey.Issue(DevelopmentKey.KeyOf(keyBase64 ?? KeyBase64, "other"), issuer, audience, role, country, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>A token of the test run's own key that expired <paramref name="ago"/> (default two hours) ago.</summary>
    public static string Expired(string role, string? country = null, TimeSpan? ago = null)
    {
        var expired = DateTime.UtcNow - (ago ?? TimeSpan.FromHours(2));
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new System.Security.Claims.ClaimsIdentity(CallerClaims.Of(role, country)),
            IssuedAt = expired - TimeSpan.FromHours(1),
            NotBefore = expired - TimeSpan.FromHours(1),
            Expires = expired,
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(DevelopmentKey.KeyOf(KeyBase64, "test"), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The settings merged with a test's own (the test's win).</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string>? own)
    {
        var merged = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in own ?? new Dictionary<string, string>()) merged[key] = value;
        return merged;
    }
}

/// <summary>
/// The HTTP handler of test channels: a call that states no caller at all (no <c>authorization</c>,
/// no <c>x-cica-caller</c>) is made as an observer, so reads in tests need no metadata; a call made
/// with <see cref="Callers.Anonymous"/> goes without any credentials.
/// </summary>
public sealed class DefaultCallerHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Remove(Callers.AnonymousMarker)
            && !request.Headers.Contains("authorization") && !request.Headers.Contains("x-cica-caller"))
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + TestTokens.For("observer"));
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>A gRPC channel to <paramref name="address"/> whose calls default to an observer.</summary>
    public static Grpc.Net.Client.GrpcChannel Channel(Uri address, int maxReceiveMessageSize = 16 * 1024 * 1024) =>
        Grpc.Net.Client.GrpcChannel.ForAddress(address, new Grpc.Net.Client.GrpcChannelOptions
        {
            MaxReceiveMessageSize = maxReceiveMessageSize,
            HttpHandler = new DefaultCallerHandler(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }),
            DisposeHttpClient = true,
        });
}

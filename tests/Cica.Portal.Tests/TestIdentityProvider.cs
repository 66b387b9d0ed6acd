using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cica.Portal.Tests;

/// <summary>
/// A minimal OpenID Connect provider on a loopback port, for the portal's sign-in through an
/// identity provider: discovery, keys, an authorization endpoint that signs in at once as whoever
/// the test says (no login form) and a token endpoint that redeems a code only with the client's
/// secret and the PKCE verifier of its challenge (S256). Access tokens name the platform's audience
/// and the caller's role and country; the platform trusts them through its public key file.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    /// <summary>The portal's client at this provider.</summary>
    public const string ClientId = "cica-portal", ClientSecret = "portal-secret-for-tests";

    /// <summary>The key id (the platform names a key from a file by the file's name).</summary>
    public const string KeyId = "idp.pem";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _grants = new();

    private TestIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The issuer (the provider's address, no trailing slash).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Who the next sign-in is: role and country claims of the access token.</summary>
    public (string Role, string? Country) SignsInAs { get; set; } = ("member-state", "RUS");

    /// <summary>The query of every authorization request received.</summary>
    public ConcurrentQueue<IQueryCollection> Authorizations { get; } = new();

    /// <summary>How many codes were redeemed (with the right secret and PKCE verifier).</summary>
    public int Redeemed => _redeemed;
    private int _redeemed;

    /// <summary>The provider's public key as PEM (for Security:Jwt:SigningKeyFiles).</summary>
    public string PublicKeyPem => _rsa.ExportSubjectPublicKeyInfoPem();

    /// <summary>Starts the provider on a free loopback port.</summary>
    public static async Task<TestIdentityProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Not the platform's appsettings.json (in the test's folder, with its Kestrel endpoints): only a free loopback port.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection([new("Kestrel:Endpoints:Idp:Url", "http://127.0.0.1:0")]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var idp = new TestIdentityProvider(app);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = idp.Issuer,
            ["authorization_endpoint"] = idp.Issuer + "/authorize",
            ["token_endpoint"] = idp.Issuer + "/token",
            ["jwks_uri"] = idp.Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var p = idp._rsa.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        app.MapGet("/authorize", (HttpRequest request) =>
        {
            idp.Authorizations.Enqueue(request.Query);
            var q = request.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
                return Results.BadRequest("code flow with PKCE (S256) only");
            var code = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(24));
            idp._grants[code] = new Grant(q["redirect_uri"].ToString(), q["code_challenge"].ToString(), q["nonce"].ToString(), idp.SignsInAs);
            return Results.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}");
        });
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "authorization_code" || !idp._grants.TryRemove(form["code"].ToString(), out var grant))
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != grant.Challenge || form["redirect_uri"] != grant.RedirectUri)
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verifier or redirect_uri does not match" }, statusCode: 400);
            Interlocked.Increment(ref idp._redeemed);
            var subject = grant.Caller.Country is { } c ? $"desk-officer-{c}" : "desk-officer";
            var claims = new List<Claim> { new("sub", subject), new("role", grant.Caller.Role) };
            if (grant.Caller.Country is { } country) claims.Add(new Claim("country", country));
            return Results.Json(new
            {
                access_token = idp.Sign(claims, Cica.Testing.TestTokens.Audience, null),
                id_token = idp.Sign([new Claim("sub", subject)], ClientId, grant.Nonce),
                token_type = "Bearer",
                expires_in = 3600,
            });
        });
        await app.StartAsync();
        idp.Issuer = app.Urls.First().TrimEnd('/');
        return idp;
    }

    private string Sign(List<Claim> claims, string audience, string? nonce)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        if (nonce is not null) descriptor.Claims = new Dictionary<string, object> { ["nonce"] = nonce };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }

    private sealed record Grant(string RedirectUri, string Challenge, string Nonce, (string Role, string? Country) Caller);
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// Who may call at all, wired once for every host: JWT bearer authentication (issuer, audience and
/// keys from <c>Security:Jwt</c>), an authenticated principal required for every endpoint that does
/// not allow anonymous calls (health does), a per-principal rate limit answering RESOURCE_EXHAUSTED,
/// and the development-only declared caller behind <c>Security:AllowDeclaredCaller</c>.
/// What each caller may do is decided by the services (WritePipeline, the rules).
/// </summary>
public static partial class PlatformSecurity
{
    /// <summary>Registers authentication, authorization and rate limiting.</summary>
    public static WebApplicationBuilder AddPlatformSecurity(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(SecurityOptions.Section);
        var options = section.Get<SecurityOptions>() ?? new SecurityOptions();
        var services = builder.Services;
        services.Configure<SecurityOptions>(section);
        services.AddHttpContextAccessor();
        var keys = SigningKeys(options.Jwt, builder.Configuration["Persistence:DataDirectory"] ?? ".data");
        services.AddSingleton(new TrustedSigningKeys(keys));

        services.AddSingleton(new AuthenticatedBearerTokens(TimeProvider.System));
        var authentication = services.AddAuthentication(CallerAuthenticationHandler.SchemeName)
            .AddScheme<CallerAuthenticationOptions, CallerAuthenticationHandler>(CallerAuthenticationHandler.SchemeName,
                "Bearer token, client certificate (or, in development, a declared caller)", o => o.SchemeFor = http =>
                MutualTls.Presents(http) ? MutualTls.SchemeName
                : options.AllowDeclaredCaller && !http.Request.Headers.ContainsKey("authorization") && http.Request.Headers.ContainsKey(DeclaredCallerHandler.Header)
                    ? DeclaredCallerHandler.SchemeName
                    : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                if (!string.IsNullOrWhiteSpace(options.Jwt.Authority))
                {
                    // The provider's keys, from its discovery document, refreshed by the handler.
                    o.Authority = options.Jwt.Authority;
                    o.RequireHttpsMetadata = options.Jwt.RequireHttpsMetadata;
                }
                // Nothing reads the token back from the authentication properties (the gateway forwards
                // the header itself); storing it cost a quarter of the handler's time per call.
                o.SaveToken = false;
                o.TokenHandlers.Clear();
                o.TokenHandlers.Add(new ValidatedTokenCache(TimeProvider.System));
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Jwt.Issuer,
                    ValidAudience = options.Jwt.Audience,
                    IssuerSigningKeys = keys,
                    ValidateIssuerSigningKey = true,
                    RequireExpirationTime = true,
                    ClockSkew = options.Jwt.ClockSkew,
                    NameClaimType = "sub",
                    RoleClaimType = CallerClaims.Role,
                };
                o.Events = new JwtBearerEvents
                {
                    // A valid signature is not enough: the claims must name a caller the platform knows.
                    OnTokenValidated = context =>
                    {
                        if (CallerClaims.ToCaller(context.Principal!, out var problem) is null) context.Fail(problem!);
                        return Task.CompletedTask;
                    },
                };
            });
        if (MutualTls.IsOn(options.MutualTls))
        {
            MutualTls.AddEndpoint(builder, options.MutualTls);
            MutualTls.AddScheme(authentication, options.MutualTls);
        }
        if (options.AllowDeclaredCaller)
            authentication.AddScheme<AuthenticationSchemeOptions, DeclaredCallerHandler>(DeclaredCallerHandler.SchemeName, null);

        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GrpcAuthorizationResultHandler>();

        var limits = options.RateLimit;
        if (limits.Enabled) services.AddSingleton(new CallerRateLimiter(limits.Burst, limits.PerSecond, TimeProvider.System));
        return builder;
    }

    /// <summary>Authentication, the per-principal rate limit (anonymous callers by address), then the authenticated-caller requirement.</summary>
    public static WebApplication UsePlatformSecurity(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Cica.Security");
        var options = app.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        if (options.AllowDeclaredCaller) LogDeclaredCallerAllowed(logger);
        if (app.Services.GetRequiredService<TrustedSigningKeys>().Keys.Count == 0 && string.IsNullOrWhiteSpace(options.Jwt.Authority)) LogNoKeys(logger);
        else if (options.Jwt.TrustDevelopmentKey) LogDevelopmentKeyTrusted(logger);

        app.UseMiddleware<CallerAuthenticationMiddleware>();   // UseAuthentication, with a shortcut for known tokens
        // What UseAuthentication records: without it, WebApplication would add the full middleware again in front.
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        if (app.Services.GetService<CallerRateLimiter>() is { } limiter) app.Use(limiter.InvokeAsync);
        app.UseAuthorization();
        return app;
    }

    private static List<SecurityKey> SigningKeys(JwtOptions jwt, string dataDirectory)
    {
        var keys = new List<SecurityKey>();
        for (var i = 0; i < jwt.SigningKeys.Count; i++)
            if (!string.IsNullOrWhiteSpace(jwt.SigningKeys[i])) keys.Add(DevelopmentKey.KeyOf(jwt.SigningKeys[i].Trim(), $"configured-{i}"));
        foreach (var file in jwt.SigningKeyFiles.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            var pem = File.ReadAllText(file);
            if (pem.Contains("EC ", StringComparison.Ordinal) || pem.Contains("EC PUBLIC", StringComparison.Ordinal))
            {
                var ec = ECDsa.Create();
                ec.ImportFromPem(pem);
                keys.Add(new ECDsaSecurityKey(ec) { KeyId = Path.GetFileName(file) });
            }
            else
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                keys.Add(new RsaSecurityKey(rsa) { KeyId = Path.GetFileName(file) });
            }
        }
        if (jwt.TrustDevelopmentKey) keys.Add(DevelopmentKey.LoadOrCreate(dataDirectory));
        return keys;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security:AllowDeclaredCaller is on: any call may declare its caller in x-cica-caller without proof. Development only; never in production.")]
    private static partial void LogDeclaredCallerAllowed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No JWT signing key is trusted (Security:Jwt:SigningKeys, SigningKeyFiles, TrustDevelopmentKey): every call but health is UNAUTHENTICATED.")]
    private static partial void LogNoKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trusting development tokens signed with the key in the data directory (Security:Jwt:TrustDevelopmentKey); turn it off in production.")]
    private static partial void LogDevelopmentKeyTrusted(ILogger logger);
}

/// <summary>The keys whose signatures the host trusts (for the start-up report).</summary>
public sealed record TrustedSigningKeys(IReadOnlyList<SecurityKey> Keys);

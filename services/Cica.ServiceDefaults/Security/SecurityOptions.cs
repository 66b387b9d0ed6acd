namespace Cica.ServiceDefaults.Security;

/// <summary>Settings under <c>Security</c> (see README "Security").</summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Security";

    /// <summary>JWT bearer validation.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// Development only: accept the declaration <c>x-cica-caller</c> (secretariat | member-state/XXX |
    /// observer) from a call without a token. Off by default; a warning is logged at start when on.
    /// </summary>
    public bool AllowDeclaredCaller { get; set; }

    /// <summary>Per-principal rate limits.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Mutual TLS: client certificates as an alternative to bearer tokens.</summary>
    public MutualTlsOptions MutualTls { get; set; } = new();

    /// <summary>
    /// Longest a unary call may run when its client set no deadline (or a longer one): the server
    /// cancels it then with DEADLINE_EXCEEDED, so no call holds a database or a thread forever.
    /// Streaming calls (the live feed) are exempt: they live as long as their client follows.
    /// </summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Settings under <c>Security:Jwt</c>.</summary>
public sealed class JwtOptions
{
    /// <summary>The issuer tokens must name (iss).</summary>
    public string Issuer { get; set; } = "cica-development";

    /// <summary>The audience tokens must name (aud).</summary>
    public string Audience { get; set; } = "cica-platform";

    /// <summary>Symmetric signing keys (HS256), base64, each at least 32 bytes.</summary>
    public List<string> SigningKeys { get; set; } = [];

    /// <summary>PEM files of public keys (RSA or EC) whose signatures are trusted (an identity provider's).</summary>
    public List<string> SigningKeyFiles { get; set; } = [];

    /// <summary>
    /// An OpenID Connect provider (https://idp.example/realms/cica) whose signing keys are trusted:
    /// read from its discovery document's jwks_uri and read again as it rotates them. Its tokens
    /// must still name <see cref="Issuer"/> and <see cref="Audience"/>.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Fetch the <see cref="Authority"/>'s metadata over HTTPS only (off only for a provider on loopback in tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Trust the development key in the data directory (created on first use; see the <c>token</c>
    /// command). On in the embedded default for development; turn it off in production.
    /// </summary>
    public bool TrustDevelopmentKey { get; set; }

    /// <summary>Clock skew allowed on expiry.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Settings under <c>Security:RateLimit</c>: a token bucket per principal (per address for anonymous callers).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Off: no limit.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Calls a principal may make in a burst.</summary>
    public int Burst { get; set; } = 2000;

    /// <summary>Calls per second a principal may sustain.</summary>
    public int PerSecond { get; set; } = 1000;
}

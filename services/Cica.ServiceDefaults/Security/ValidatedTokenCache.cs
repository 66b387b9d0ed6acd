using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// JWT validation once per token, not once per call: a government system sends the same bearer
/// token on thousands of calls, and parsing, verifying the signature and building its claims on
/// each one cost a read call more than the read itself (see tests/Cica.Benchmarks/README.md). A token
/// that validated is remembered until it expires or for <see cref="Lifetime"/>, whichever comes
/// first; each call still gets its own copy of the claims. A token that failed is never remembered.
/// The parameters are the host's, fixed at start (JwtBearer hands each call a clone of them).
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider clock) : TokenHandler
{
    /// <summary>Longest a validation is reused (keys rotated out of configuration stop being trusted within it).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // Far above the callers one platform has; past it the cache starts over rather than grow.
    private const int Capacity = 10_000;

    private readonly JsonWebTokenHandler _inner = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override int MaximumTokenSizeInBytes
    {
        get => _inner.MaximumTokenSizeInBytes;
        set => _inner.MaximumTokenSizeInBytes = value;
    }

    /// <inheritdoc />
    public override SecurityToken ReadToken(string token) => _inner.ReadToken(token);

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_validated.TryGetValue(token, out var known) && now < known.Until)
            return Copy(known.Result);

        var result = await _inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is { } validated)
        {
            if (_validated.Count >= Capacity) _validated.Clear();
            var until = now + Lifetime;
            if (validated.ValidTo != DateTime.MinValue && validated.ValidTo < until) until = validated.ValidTo;
            _validated[token] = new Entry(result, until);
        }
        return result;
    }

    // Each call its own identity: nothing one request adds to its principal reaches another.
    private static TokenValidationResult Copy(TokenValidationResult result) => new()
    {
        IsValid = true,
        ClaimsIdentity = result.ClaimsIdentity.Clone(),
        SecurityToken = result.SecurityToken,
        Issuer = result.Issuer,
        TokenType = result.TokenType,
    };

    private sealed record Entry(TokenValidationResult Result, DateTime Until);
}

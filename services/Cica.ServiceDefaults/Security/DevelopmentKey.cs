using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cica.ServiceDefaults.Security;

/// <summary>
/// The local signing key of development tokens: 32 random bytes in
/// <c>{Persistence:DataDirectory}/dev-token-signing.key</c>, created on first use, never committed.
/// The <c>token</c> command signs with it; a host with <c>Security:Jwt:TrustDevelopmentKey</c> trusts it.
/// </summary>
public static class DevelopmentKey
{
    /// <summary>The key file's name in the data directory.</summary>
    public const string FileName = "dev-token-signing.key";

    /// <summary>The key of <paramref name="dataDirectory"/>, created (readable by its owner only) when missing.</summary>
    public static SymmetricSecurityKey LoadOrCreate(string dataDirectory)
    {
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                using (var writer = new StreamWriter(stream))
                    writer.Write(fresh);
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            catch (IOException) when (File.Exists(path)) { /* created meanwhile by another process: use that one */ }
        }
        return KeyOf(File.ReadAllText(path).Trim(), "development");
    }

    /// <summary>A symmetric key from its base64 text (at least 32 bytes).</summary>
    public static SymmetricSecurityKey KeyOf(string base64, string id)
    {
        var bytes = Convert.FromBase64String(base64);
        if (bytes.Length < 32) throw new InvalidOperationException($"Signing key '{id}' has {bytes.Length} bytes; HS256 needs at least 32.");
        return new SymmetricSecurityKey(bytes) { KeyId = id };
    }

    /// <summary>A token for <paramref name="role"/> (and <paramref name="country"/>) signed with <paramref name="key"/>.</summary>
    public static string Issue(SecurityKey key, string issuer, string audience, string role, string? country, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        var claims = CallerClaims.Of(role, country).ToList();
        claims.Add(new Claim("sub", string.IsNullOrEmpty(country) ? role : $"{role}/{country}"));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}

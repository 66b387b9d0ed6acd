using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Buffers.Text;
using Cica.Domain.Errors;

namespace Cica.Domain.Paging;

/// <summary>
/// A List call's paging, read by key: the token carries the last key returned, so the next page is
/// "WHERE key > @After ORDER BY key" with a limit, costing the same at any depth. The token also
/// carries a hash of the filters, so it cannot be replayed with other filters.
/// </summary>
public sealed record PageRequest(int Size, string? After, string Filters)
{
    /// <summary>Page size when the caller gives none.</summary>
    public const int DefaultSize = 50;

    /// <summary>Largest page served; larger requests are served this many.</summary>
    public const int MaxSize = 100;

    /// <summary>Validates page_size and page_token; INVALID_ARGUMENT naming the field otherwise.</summary>
    public static PageRequest Parse(int pageSize, string pageToken, string filters)
    {
        if (pageSize < 0) throw new InvalidRequestException("page_size", "must not be negative");
        var size = pageSize == 0 ? DefaultSize : Math.Min(pageSize, MaxSize);
        if (string.IsNullOrEmpty(pageToken)) return new PageRequest(size, null, filters);

        Token? token;
        try
        {
            token = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(pageToken));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            token = null;
        }
        if (token is null || string.IsNullOrEmpty(token.After))
            throw new InvalidRequestException("page_token", "is not a token returned by this method");
        if (token.Filters != Hash(filters))
            throw new InvalidRequestException("page_token", "was returned for other filters; send the same filters as the first call");
        return new PageRequest(size, token.After, filters);
    }

    /// <summary>
    /// Fetch <see cref="Size"/> + 1 rows: the extra one tells whether a next page exists. Returns the
    /// page's rows and the next page token (empty on the last page).
    /// </summary>
    public (IReadOnlyList<T> Rows, string NextPageToken) Page<T>(IReadOnlyList<T> fetched, Func<T, string> key)
    {
        if (fetched.Count <= Size) return (fetched, "");
        var rows = fetched.Take(Size).ToList();
        var token = new Token(key(rows[^1]), Hash(Filters));
        return (rows, Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(token)));
    }

    /// <summary>Rows to ask the database for.</summary>
    public int Limit => Size + 1;

    private static string Hash(string filters) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(filters)))[..16];

    private sealed record Token(string After, string Filters);
}

using System.Text.RegularExpressions;

namespace Cica.Domain.Decisions;

/// <summary>Checks a document symbol such as SOC/DOC/1289 or SUM/2022/DRAFT/7.</summary>
public static partial class DocumentSymbols
{
    /// <summary>Longest symbol accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>Null when <paramref name="symbol"/> is a document symbol, otherwise why not.</summary>
    public static string? Problem(string symbol) =>
        symbol.Length == 0 ? "is required: a document symbol such as SOC/DOC/1289"
        : symbol.Length > MaxLength ? $"must be at most {MaxLength} characters"
        : !Symbol().IsMatch(symbol) ? $"'{symbol}' is not a document symbol such as SOC/DOC/1289 (upper-case letters, digits and '-', in segments separated by '/')"
        : null;

    [GeneratedRegex("^[A-Z0-9-]+(/[A-Z0-9-]+)*$")]
    private static partial Regex Symbol();
}

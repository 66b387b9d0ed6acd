using System.Collections.Frozen;
using System.Text.Json;
using Cica.Contracts.Common.V1;

namespace Cica.Contracts.Countries;

/// <summary>
/// The ISO 3166-1 list, with names in the CICA languages, against which every `country_code`
/// field is checked. Generated from Debian's iso-codes by deploy/scripts/generate-countries.py.
/// </summary>
public static class IsoCountries
{
    private static readonly FrozenDictionary<string, Country> ByAlpha3 = Load();

    /// <summary>Every country of ISO 3166-1, by alpha-3 code.</summary>
    public static IReadOnlyCollection<Country> All => ByAlpha3.Values;

    /// <summary>True when <paramref name="code"/> has the shape of an alpha-3 code: three letters A-Z.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <summary>Null when <paramref name="code"/> is a country's ISO 3166-1 alpha-3 code, otherwise why not.</summary>
    public static string? Problem(string? code) =>
        string.IsNullOrEmpty(code) ? "is required: an ISO 3166-1 alpha-3 code such as KAZ"
        : !IsWellFormed(code) ? $"'{code}' is not an ISO 3166-1 alpha-3 code (three upper-case letters, e.g. KAZ)"
        : Find(code) is null ? $"no country has the ISO 3166-1 alpha-3 code '{code}'"
        : null;

    /// <summary>
    /// <paramref name="given"/> with each language it lacks taken from the ISO 3166-1 name of
    /// <paramref name="code"/> (which must be a known code).
    /// </summary>
    public static LocalizedText NameOrIso(string code, LocalizedText? given)
    {
        var iso = Find(code)?.Name ?? throw new ArgumentException($"'{code}' is not an ISO 3166-1 alpha-3 code.", nameof(code));
        return new LocalizedText
        {
            En = string.IsNullOrWhiteSpace(given?.En) ? iso.En : given.En,
            Ru = string.IsNullOrWhiteSpace(given?.Ru) ? iso.Ru : given.Ru,
            Kk = string.IsNullOrWhiteSpace(given?.Kk) ? iso.Kk : given.Kk,
        };
    }

    /// <summary>The country with this alpha-3 code, or null when ISO 3166-1 has none.</summary>
    public static Country? Find(string? code) =>
        code is not null && ByAlpha3.TryGetValue(code, out var country) ? country : null;

    private static FrozenDictionary<string, Country> Load()
    {
        using var stream = typeof(IsoCountries).Assembly.GetManifestResourceStream("Cica.Contracts.Countries.iso3166-1.json")
            ?? throw new InvalidOperationException("The ISO 3166-1 list is not embedded in Cica.Contracts.");
        var rows = JsonSerializer.Deserialize<List<Row>>(stream) ?? [];
        return rows.ToFrozenDictionary(
            r => r.alpha3,
            r => new Country { Code = r.alpha3, Name = new LocalizedText { En = r.en, Ru = r.ru, Kk = r.kk } });
    }

#pragma warning disable IDE1006 // names follow the data file
    private sealed record Row(string alpha3, string alpha2, string en, string ru, string kk);
#pragma warning restore IDE1006
}

using System.Globalization;
using Cica.Persistence;

namespace Cica.ServiceKit.MemberStates;

/// <summary>
/// Reads and writes known_member_states, the read model of Membership's member states: written only
/// from MemberStateAdmitted, so a service never asks Membership, nor reads its seed file.
/// </summary>
public static class KnownMemberStates
{
    private const string Columns =
        "country_code AS CountryCode, name_en AS NameEn, name_ru AS NameRu, name_kk AS NameKk, accession_date AS AccessionDate";

    /// <summary>The member state, read inside a write, or null when the country is not (yet) known as a member.</summary>
    public static Task<KnownMemberState?> FindAsync(UnitOfWork uow, string countryCode, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<KnownMemberState>(
            $"SELECT {Columns} FROM known_member_states WHERE country_code = @countryCode", new { countryCode }, ct);

    /// <summary>Which of <paramref name="countryCodes"/> are not known as member states yet.</summary>
    public static async Task<IReadOnlyList<string>> MissingAsync(Database database, IEnumerable<string> countryCodes, CancellationToken ct)
    {
        var known = (await database.QueryAsync<string>("SELECT country_code FROM known_member_states", ct: ct)).ToHashSet(StringComparer.Ordinal);
        return [.. countryCodes.Where(c => !known.Contains(c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Records the member state, or refreshes it when already recorded (an event may repeat).</summary>
    public static async Task UpsertAsync(UnitOfWork uow, KnownMemberState state, DateTimeOffset now, CancellationToken ct)
    {
        var values = new
        {
            state.CountryCode, state.NameEn, state.NameRu, state.NameKk, state.AccessionDate,
            UpdatedAt = now.ToString("O", CultureInfo.InvariantCulture),
        };
        var updated = await uow.ExecuteAsync("""
            UPDATE known_member_states SET name_en = @NameEn, name_ru = @NameRu, name_kk = @NameKk, accession_date = @AccessionDate, updated_at = @UpdatedAt
            WHERE country_code = @CountryCode
            """, values, ct);
        if (updated == 0)
            await uow.ExecuteAsync("""
                INSERT INTO known_member_states (country_code, name_en, name_ru, name_kk, accession_date, updated_at)
                VALUES (@CountryCode, @NameEn, @NameRu, @NameKk, @AccessionDate, @UpdatedAt)
                """, values, ct);
    }
}

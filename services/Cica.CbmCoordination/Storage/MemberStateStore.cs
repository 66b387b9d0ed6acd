using Cica.Persistence;

namespace Cica.CbmCoordination.Storage;

/// <summary>
/// The read model of Membership's member states (member_states), written only from
/// MemberStateAdmitted and the membership seed: this service never asks Membership.
/// </summary>
public static class MemberStateStore
{
    /// <summary>The member state, read inside a write, or null when the country is not a member.</summary>
    public static Task<MemberStateRow?> FindAsync(UnitOfWork uow, string countryCode, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<MemberStateRow>("""
            SELECT country_code AS CountryCode, name_en AS NameEn, name_ru AS NameRu, name_kk AS NameKk, accession_date AS AccessionDate
            FROM member_states WHERE country_code = @countryCode
            """, new { countryCode }, ct);

    /// <summary>Records the member state, or refreshes it when already recorded (events may repeat what the seed said).</summary>
    public static async Task UpsertAsync(UnitOfWork uow, MemberStateRow row, DateTimeOffset now, CancellationToken ct)
    {
        var values = new { row.CountryCode, row.NameEn, row.NameRu, row.NameKk, row.AccessionDate, UpdatedAt = Timestamps.Format(now) };
        var updated = await uow.ExecuteAsync("""
            UPDATE member_states SET name_en = @NameEn, name_ru = @NameRu, name_kk = @NameKk, accession_date = @AccessionDate, updated_at = @UpdatedAt
            WHERE country_code = @CountryCode
            """, values, ct);
        if (updated == 0)
            await uow.ExecuteAsync("""
                INSERT INTO member_states (country_code, name_en, name_ru, name_kk, accession_date, updated_at)
                VALUES (@CountryCode, @NameEn, @NameRu, @NameKk, @AccessionDate, @UpdatedAt)
                """, values, ct);
    }
}

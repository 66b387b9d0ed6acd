using Cica.Persistence;

namespace Cica.Membership.Storage;

/// <summary>Reads and writes member_states.</summary>
public sealed class MemberStateStore(MembershipDatabase database)
{
    private const string Columns = """
        country_code AS CountryCode, name_en AS NameEn, name_ru AS NameRu, name_kk AS NameKk,
        accession_date AS AccessionDate, accession_decision AS AccessionDecision, accession_application AS AccessionApplication
        """;

    /// <summary>One member state, or null.</summary>
    public Task<MemberStateRow?> FindAsync(string countryCode, CancellationToken ct) =>
        database.QuerySingleOrDefaultAsync<MemberStateRow>(
            $"SELECT {Columns} FROM member_states WHERE country_code = @countryCode", new { countryCode }, ct);

    /// <summary>True when the state is a member, read inside a write.</summary>
    public static async Task<bool> IsMemberAsync(UnitOfWork uow, string countryCode, CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<string>(
            "SELECT country_code FROM member_states WHERE country_code = @countryCode", new { countryCode }, ct) is not null;

    /// <summary>
    /// Up to <paramref name="limit"/> member states after <paramref name="after"/> in code order,
    /// optionally members on <paramref name="asOf"/> (ISO date) or acceded in <paramref name="year"/>.
    /// </summary>
    /// <remarks>
    /// A year-only accession date ("1999") sorts before every day of that year, so text comparison
    /// counts a member from the first day its accession date may denote.
    /// </remarks>
    public Task<IReadOnlyList<MemberStateRow>> ListAsync(string? after, string? asOf, int year, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .AndIf(after is not null, "country_code > @after")
            .AndIf(asOf is not null, "accession_date <= @asOf")
            .AndIf(year != 0, "accession_year = @year");
        return database.QueryAsync<MemberStateRow>(
            $"SELECT {Columns} FROM member_states {where} ORDER BY country_code {{limit}}",
            new { after, asOf, year, Limit = limit }, ct);
    }

    /// <summary>Adds a member state.</summary>
    public static Task InsertAsync(UnitOfWork uow, MemberStateRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO member_states (country_code, name_en, name_ru, name_kk, accession_date, accession_year, accession_decision, accession_application)
            VALUES (@CountryCode, @NameEn, @NameRu, @NameKk, @AccessionDate, @AccessionYear, @AccessionDecision, @AccessionApplication)
            """, new
        {
            row.CountryCode, row.NameEn, row.NameRu, row.NameKk, row.AccessionDate,
            AccessionYear = Contracts.Common.V1.CalendarDate.ParseIso(row.AccessionDate).Year,
            row.AccessionDecision, row.AccessionApplication,
        }, ct);
}

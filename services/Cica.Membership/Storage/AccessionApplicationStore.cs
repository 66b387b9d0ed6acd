using Cica.Persistence;
using Dapper;

namespace Cica.Membership.Storage;

/// <summary>Reads and writes accession_applications.</summary>
public sealed class AccessionApplicationStore(MembershipDatabase database)
{
    private const string Columns = """
        application_id AS ApplicationId, country_code AS CountryCode, name_en AS NameEn, name_ru AS NameRu, name_kk AS NameKk,
        state AS State, submitted_on AS SubmittedOn, recommendation AS Recommendation, admission AS Admission,
        create_time AS CreateTime, update_time AS UpdateTime, version AS Version
        """;

    /// <summary>One application, or null.</summary>
    public Task<AccessionApplicationRow?> FindAsync(string applicationId, CancellationToken ct) =>
        database.QuerySingleOrDefaultAsync<AccessionApplicationRow>(
            $"SELECT {Columns} FROM accession_applications WHERE application_id = @applicationId", new { applicationId }, ct);

    /// <summary>One application read inside a write (under the write lock), or null.</summary>
    public static Task<AccessionApplicationRow?> FindAsync(UnitOfWork uow, string applicationId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<AccessionApplicationRow>(
            $"SELECT {Columns} FROM accession_applications WHERE application_id = @applicationId", new { applicationId }, ct);

    /// <summary>The applications of a country not yet admitted, read inside a write.</summary>
    public static async Task<IReadOnlyList<AccessionApplicationRow>> OpenForCountryAsync(UnitOfWork uow, string countryCode, int admittedState, CancellationToken ct) =>
        (await uow.QueryAsync<AccessionApplicationRow>(
            $"SELECT {Columns} FROM accession_applications WHERE country_code = @countryCode AND state <> @admittedState",
            new { countryCode, admittedState }, ct)).AsList();

    /// <summary>True when an application already has this id, read inside a write.</summary>
    public static async Task<bool> ExistsAsync(UnitOfWork uow, string applicationId, CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<string>(
            "SELECT application_id FROM accession_applications WHERE application_id = @applicationId", new { applicationId }, ct) is not null;

    /// <summary>Up to <paramref name="limit"/> applications after <paramref name="after"/> in id order, optionally in one state.</summary>
    public Task<IReadOnlyList<AccessionApplicationRow>> ListAsync(string? after, int state, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .AndIf(after is not null, "application_id > @after")
            .AndIf(state != 0, "state = @state");
        return database.QueryAsync<AccessionApplicationRow>(
            $"SELECT {Columns} FROM accession_applications {where} ORDER BY application_id {{limit}}",
            new { after, state, Limit = limit }, ct);
    }

    /// <summary>Adds an application.</summary>
    public static Task InsertAsync(UnitOfWork uow, AccessionApplicationRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO accession_applications (application_id, country_code, name_en, name_ru, name_kk, state, submitted_on,
                recommendation, admission, create_time, update_time, version)
            VALUES (@ApplicationId, @CountryCode, @NameEn, @NameRu, @NameKk, @State, @SubmittedOn,
                @Recommendation, @Admission, @CreateTime, @UpdateTime, @Version)
            """, row, ct);

    /// <summary>
    /// Writes the application's new state if its version is still <paramref name="expectedVersion"/>;
    /// false when another write got there first.
    /// </summary>
    public static async Task<bool> UpdateAsync(UnitOfWork uow, AccessionApplicationRow row, int expectedVersion, CancellationToken ct) =>
        await uow.ExecuteAsync("""
            UPDATE accession_applications
            SET state = @State, recommendation = @Recommendation, admission = @Admission, update_time = @UpdateTime, version = @Version
            WHERE application_id = @ApplicationId AND version = @ExpectedVersion
            """, new { row.State, row.Recommendation, row.Admission, row.UpdateTime, row.Version, row.ApplicationId, ExpectedVersion = expectedVersion }, ct) == 1;
}

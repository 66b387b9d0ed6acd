using Cica.Contracts.Common.V1;
using Cica.Persistence;
using Dapper;

namespace Cica.CbmCoordination.Storage;

/// <summary>Reads and writes activities.</summary>
public sealed class ActivityStore(CbmDatabase database)
{
    private const string Columns = """
        activity_id AS ActivityId, area_id AS AreaId, title_en AS TitleEn, title_ru AS TitleRu, title_kk AS TitleKk,
        description AS Description, kind AS Kind, activity_date AS ActivityDate, status AS Status, outcome AS Outcome,
        documents AS Documents, reported_by_kind AS ReportedByKind, reported_by_country AS ReportedByCountry,
        create_time AS CreateTime, update_time AS UpdateTime, version AS Version
        """;

    /// <summary>Filters of a list of activities; null or 0 for "any".</summary>
    public sealed record Filter(string? AreaId, int Kind, int Status, int Year, string? ReportingCountry);

    /// <summary>One activity, or null.</summary>
    public Task<ActivityRow?> FindAsync(long activityId, CancellationToken ct) =>
        database.QuerySingleOrDefaultAsync<ActivityRow>($"SELECT {Columns} FROM activities WHERE activity_id = @activityId", new { activityId }, ct);

    /// <summary>One activity read inside a write, or null.</summary>
    public static Task<ActivityRow?> FindAsync(UnitOfWork uow, long activityId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<ActivityRow>($"SELECT {Columns} FROM activities WHERE activity_id = @activityId", new { activityId }, ct);

    /// <summary>
    /// Up to <paramref name="limit"/> activities matching <paramref name="filter"/> in order of date then
    /// id, after the key (<paramref name="afterDate"/>, <paramref name="afterId"/>); afterDate null for the first page.
    /// </summary>
    public Task<IReadOnlyList<ActivityRow>> ListAsync(Filter filter, string? afterDate, long afterId, int limit, CancellationToken ct)
    {
        // After the key (date, id): the leading ">=" lets the index on (activity_date, activity_id)
        // seek in both dialects (T-SQL has no row-value comparison).
        var where = new SqlWhere()
            .AndIf(afterDate is not null, "activity_date >= @afterDate AND (activity_date > @afterDate OR activity_id > @afterId)")
            .AndIf(filter.AreaId is not null, "area_id = @areaId")
            .AndIf(filter.Kind != 0, "kind = @kind")
            .AndIf(filter.Status != 0, "status = @status")
            .AndIf(filter.Year != 0, "activity_year = @year")
            .AndIf(filter.ReportingCountry is not null, "reported_by_country = @reportingCountry");
        return database.QueryAsync<ActivityRow>(
            $"SELECT {Columns} FROM activities {where} ORDER BY activity_date, activity_id {{limit}}",
            new
            {
                afterDate, afterId, areaId = filter.AreaId, kind = filter.Kind, status = filter.Status, year = filter.Year,
                reportingCountry = filter.ReportingCountry, Limit = limit,
            }, ct);
    }

    /// <summary>Adds an activity.</summary>
    public static Task InsertAsync(UnitOfWork uow, ActivityRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO activities (activity_id, area_id, title_en, title_ru, title_kk, description, kind, activity_date, activity_year,
                date_first, date_last, status, outcome, documents, reported_by_kind, reported_by_country, create_time, update_time, version)
            VALUES (@ActivityId, @AreaId, @TitleEn, @TitleRu, @TitleKk, @Description, @Kind, @ActivityDate, @ActivityYear,
                @DateFirst, @DateLast, @Status, @Outcome, @Documents, @ReportedByKind, @ReportedByCountry, @CreateTime, @UpdateTime, @Version)
            """, Parameters(row), ct);

    /// <summary>Writes the activity if its version is still <paramref name="expectedVersion"/>; false when another write got there first.</summary>
    public static async Task<bool> UpdateAsync(UnitOfWork uow, ActivityRow row, int expectedVersion, CancellationToken ct)
    {
        var parameters = Parameters(row);
        parameters.Add("ExpectedVersion", expectedVersion);
        return await uow.ExecuteAsync("""
            UPDATE activities SET area_id = @AreaId, title_en = @TitleEn, title_ru = @TitleRu, title_kk = @TitleKk,
                description = @Description, kind = @Kind, activity_date = @ActivityDate, activity_year = @ActivityYear,
                date_first = @DateFirst, date_last = @DateLast, status = @Status, outcome = @Outcome, documents = @Documents,
                update_time = @UpdateTime, version = @Version
            WHERE activity_id = @ActivityId AND version = @ExpectedVersion
            """, parameters, ct) == 1;
    }

    // The row's columns plus those derived from its date, for filtering without parsing dates in SQL.
    private static DynamicParameters Parameters(ActivityRow row)
    {
        var date = CalendarDate.ParseIso(row.ActivityDate);
        var parameters = new DynamicParameters();
        parameters.AddDynamicParams(new
        {
            row.ActivityId, row.AreaId, row.TitleEn, row.TitleRu, row.TitleKk, row.Description, row.Kind, row.ActivityDate,
            ActivityYear = date.Year, DateFirst = AssignmentStore.Iso(date.FirstDay()), DateLast = AssignmentStore.Iso(date.LastDay()),
            row.Status, row.Outcome, row.Documents, row.ReportedByKind, row.ReportedByCountry, row.CreateTime, row.UpdateTime, row.Version,
        });
        return parameters;
    }
}

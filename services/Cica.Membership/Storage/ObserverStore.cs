using Cica.Persistence;

namespace Cica.Membership.Storage;

/// <summary>Reads and writes observers.</summary>
public sealed class ObserverStore(MembershipDatabase database)
{
    /// <summary>Up to <paramref name="limit"/> observers after <paramref name="after"/> in id order, optionally of one kind and status.</summary>
    public Task<IReadOnlyList<ObserverRow>> ListAsync(string? after, int kind, int status, int limit, CancellationToken ct)
    {
        var where = new SqlWhere()
            .AndIf(after is not null, "observer_id > @after")
            .AndIf(kind != 0, "kind = @kind")
            .AndIf(status != 0, "status = @status");
        return database.QueryAsync<ObserverRow>($$"""
            SELECT observer_id AS ObserverId, kind AS Kind, country_code AS CountryCode, name_en AS NameEn, name_ru AS NameRu,
                   name_kk AS NameKk, status AS Status, granted_on AS GrantedOn
            FROM observers {{where}}
            ORDER BY observer_id {limit}
            """, new { after, kind, status, Limit = limit }, ct);
    }

    /// <summary>Adds an observer.</summary>
    public static Task InsertAsync(UnitOfWork uow, ObserverRow row, CancellationToken ct) =>
        uow.ExecuteAsync("""
            INSERT INTO observers (observer_id, kind, country_code, name_en, name_ru, name_kk, status, granted_on)
            VALUES (@ObserverId, @Kind, @CountryCode, @NameEn, @NameRu, @NameKk, @Status, @GrantedOn)
            """, row, ct);
}

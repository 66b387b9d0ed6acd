using Cica.Domain;
using Cica.Persistence;
using Dapper;
using Google.Protobuf;

namespace Cica.Chairmanship.Storage;

/// <summary>A stored resource, its id and its version (the etag's source).</summary>
public sealed record Stored<T>(string Id, T Resource, int Version);

/// <summary>
/// A table of one resource type stored whole as protobuf (column resource), keyed by id, with the
/// extra columns queries need. Reads inside a write go through the <see cref="UnitOfWork"/>.
/// </summary>
public sealed class ResourceTable<T>(string table, string key, Action<T, string> setEtag) where T : class, IMessage<T>, new()
{
    private static readonly MessageParser<T> Parser = new(() => new T());

    private string Select => $"SELECT {key} AS Id, resource AS Resource, version AS Version FROM {table}";

    /// <summary>The table's name.</summary>
    public string Table => table;

    /// <summary>One resource read inside a write, or null.</summary>
    public async Task<Stored<T>?> FindAsync(UnitOfWork uow, string id, CancellationToken ct) =>
        ToStored(await uow.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE {key} = @id", new { id }, ct));

    /// <summary>One resource, or null.</summary>
    public async Task<Stored<T>?> FindAsync(Database database, string id, CancellationToken ct) =>
        ToStored(await database.QuerySingleOrDefaultAsync<Row>($"{Select} WHERE {key} = @id", new { id }, ct));

    /// <summary>Up to <paramref name="limit"/> resources matching <paramref name="where"/> in id order.</summary>
    public async Task<IReadOnlyList<Stored<T>>> ListAsync(Database database, SqlWhere where, object param, CancellationToken ct) =>
        [.. (await database.QueryAsync<Row>($"{Select} {where} ORDER BY {key} {{limit}}", param, ct)).Select(r => ToStored(r)!)];

    /// <summary>Every resource matching <paramref name="where"/>, read inside a write, in id order.</summary>
    public async Task<IReadOnlyList<Stored<T>>> AllAsync(UnitOfWork uow, SqlWhere where, object param, CancellationToken ct) =>
        [.. (await uow.QueryAsync<Row>($"{Select} {where} ORDER BY {key}", param, ct)).Select(r => ToStored(r)!)];

    /// <summary>Adds a resource (version 1) with its extra columns; returns it with its etag.</summary>
    public async Task<T> InsertAsync(UnitOfWork uow, string id, T resource, object extras, CancellationToken ct)
    {
        setEtag(resource, Etags.Of(1));
        var columns = ExtraColumns(extras);
        var parameters = new DynamicParameters(extras);
        parameters.Add("Id", id);
        parameters.Add("Resource", resource.ToByteArray());
        var names = string.Concat(columns.Select(c => ", " + c));
        var values = string.Concat(columns.Select(c => ", @" + c));
        await uow.ExecuteAsync($"INSERT INTO {table} ({key}, resource, version{names}) VALUES (@Id, @Resource, 1{values})", parameters, ct);
        return resource;
    }

    /// <summary>
    /// Replaces a resource if its version is still <paramref name="expectedVersion"/> (and, with
    /// <paramref name="condition"/>, only where that holds too); false when it no longer matches.
    /// </summary>
    public async Task<bool> UpdateAsync(UnitOfWork uow, string id, T resource, int expectedVersion, object extras, CancellationToken ct,
        string? condition = null)
    {
        setEtag(resource, Etags.Of(expectedVersion + 1));
        var columns = ExtraColumns(extras);
        var parameters = new DynamicParameters(extras);
        parameters.Add("Id", id);
        parameters.Add("Resource", resource.ToByteArray());
        parameters.Add("ExpectedVersion", expectedVersion);
        var sets = string.Concat(columns.Select(c => $", {c} = @{c}"));
        var extra = condition is null ? "" : " AND " + condition;
        return await uow.ExecuteAsync(
            $"UPDATE {table} SET resource = @Resource, version = version + 1{sets} WHERE {key} = @Id AND version = @ExpectedVersion{extra}",
            parameters, ct) == 1;
    }

    // Extra columns are the properties of an anonymous object, spelled as their columns (snake_case).
    private static string[] ExtraColumns(object extras) =>
        [.. extras.GetType().GetProperties().Select(p => p.Name)];

    private Stored<T>? ToStored(Row? row)
    {
        if (row is null) return null;
        var resource = Parser.ParseFrom(row.Resource);
        setEtag(resource, Etags.Of(row.Version));
        return new Stored<T>(row.Id, resource, row.Version);
    }

    private sealed record Row
    {
        public string Id { get; init; } = "";
        public byte[] Resource { get; init; } = [];
        public int Version { get; init; }
    }
}

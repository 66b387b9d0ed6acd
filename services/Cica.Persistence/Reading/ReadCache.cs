using System.Collections.Concurrent;

namespace Cica.Persistence.Reading;

/// <summary>
/// Answers repeated point reads (a member state, a priority area) from memory until the next
/// write to the database. Every write of this process passes its database's one writer, which
/// advances <see cref="Database.Generation"/> after each commit: an entry read at an older
/// generation is never served, so a reader sees every write that was answered before it asked.
/// </summary>
/// <remarks>
/// Only where this process is the database's only writer: a SQLite file. On SQL Server, other
/// instances of the service may write to the same database without this process knowing, so
/// there every read goes to the database.
/// </remarks>
public sealed class ReadCache<TDatabase>(TDatabase database) where TDatabase : Database
{
    /// <summary>Entries kept at most; the cache starts afresh when full (hot keys come back at once).</summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly bool _enabled = database.Options.Provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// The value for <paramref name="key"/>, read by <paramref name="read"/> unless a value read since
    /// the last commit is at hand. Callers must not change the value they get: it is shared.
    /// </summary>
    public async Task<T?> GetOrReadAsync<T>(string key, Func<CancellationToken, Task<T?>> read, CancellationToken ct) where T : class
    {
        if (!_enabled) return await read(ct);
        var generation = database.Generation;
        if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation) return (T?)entry.Value;

        var value = await read(ct);
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[key] = new Entry(generation, value);
        return value;
    }

    private sealed record Entry(long Generation, object? Value);
}

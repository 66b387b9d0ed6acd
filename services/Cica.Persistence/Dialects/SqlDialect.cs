using System.Collections.Concurrent;
using System.Data.Common;

namespace Cica.Persistence.Dialects;

/// <summary>
/// The few places where SQLite and SQL Server differ. SQL is written once, portable, with these
/// tokens where it cannot be: <c>{text}</c> (unbounded text), <c>{blob}</c> (bytes),
/// <c>{autoid}</c> (an auto-increment primary key column type) and <c>{limit}</c> (at the end of an
/// ordered SELECT: at most @Limit rows). Every portable statement is rendered here before it runs;
/// only the dialect's own statements (SQLite's PRAGMAs, SQL Server's write lock, the migration
/// history table) are written in the dialect itself and bypass rendering.
/// </summary>
public abstract class SqlDialect
{
    private readonly ConcurrentDictionary<string, string> _rendered = new(StringComparer.Ordinal);

    /// <summary>The dialect of a provider.</summary>
    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        DatabaseProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    /// <summary>The provider this dialect speaks to.</summary>
    public abstract DatabaseProvider Provider { get; }

    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Settings applied to a connection opened for writing (e.g. SQLite's synchronous=FULL).</summary>
    public virtual Task OnOpenedForWritingAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>One-time settings of a new database file (e.g. SQLite's WAL journal).</summary>
    public virtual Task PrepareDatabaseAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Starts a write transaction that takes the write lock at once.</summary>
    public virtual ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        connection.BeginTransactionAsync(ct);

    /// <summary>True when the exception is a primary-key or unique-index violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>True when retrying the same work later may succeed (busy, locked, timed out, disconnected).</summary>
    public abstract bool IsTransient(DbException exception);

    /// <summary>Whether a failure of either provider is transient (for code that does not know which database failed).</summary>
    public static bool IsTransientFailure(DbException exception) =>
        SqliteDialect.Instance.IsTransient(exception) || SqlServerDialect.Instance.IsTransient(exception);

    /// <summary>SQL with this dialect's tokens replaced; cached per template.</summary>
    public string Render(string template)
    {
        StatementRecorder.Report(template);
        return _rendered.GetOrAdd(template, t => t
            .Replace("{text}", Text, StringComparison.Ordinal)
            .Replace("{blob}", Blob, StringComparison.Ordinal)
            .Replace("{autoid}", AutoId, StringComparison.Ordinal)
            .Replace("{limit}", Limit, StringComparison.Ordinal));
    }

    /// <summary>Column type of unbounded text.</summary>
    protected abstract string Text { get; }
    /// <summary>Column type of bytes.</summary>
    protected abstract string Blob { get; }
    /// <summary>Column definition of an auto-increment 64-bit primary key.</summary>
    protected abstract string AutoId { get; }
    /// <summary>Clause ending an ordered SELECT to return at most @Limit rows.</summary>
    protected abstract string Limit { get; }
}

/// <summary>
/// Collects the portable templates (tokens unreplaced) rendered, by any dialect, in the async flow
/// that started it and in the work that flow starts; work begun elsewhere (e.g. a request a server
/// accepted on its own threads) reports to it after <see cref="Attach"/>. Nothing is recorded
/// outside a recorder's flow, so one test's statements never mix with another's. Tests render the
/// templates in the other dialect to prove portability.
/// </summary>
public sealed class StatementRecorder
{
    private static readonly AsyncLocal<StatementRecorder?> Active = new();
    private readonly ConcurrentDictionary<string, byte> _templates = new(StringComparer.Ordinal);

    /// <summary>A new recorder, active from now on in the calling flow.</summary>
    public static StatementRecorder Start()
    {
        var recorder = new StatementRecorder();
        recorder.Attach();
        return recorder;
    }

    /// <summary>Makes this recorder the active one in the calling flow.</summary>
    public void Attach() => Active.Value = this;

    /// <summary>The distinct templates recorded so far.</summary>
    public IReadOnlyList<string> Templates => [.. _templates.Keys];

    internal static void Report(string template) => Active.Value?._templates.TryAdd(template, 0);
}

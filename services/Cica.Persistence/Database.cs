using System.Data.Common;
using Cica.Persistence.Dialects;
using Cica.Persistence.Statements;
using Cica.Persistence.Writing;

namespace Cica.Persistence;

/// <summary>
/// One service's database: opens connections and write transactions in its dialect. Each service
/// derives its own sealed type from it (e.g. MembershipDatabase), so several services can share
/// a process without sharing a database. SQL reaches it only through <see cref="UnitOfWork"/> and
/// the read helpers (Database.Statements.cs), which render it first: the dialect renderer is the
/// one choke point every statement passes. Writes go through <see cref="WriteAsync{T}"/> only.
/// </summary>
public abstract partial class Database : IAsyncDisposable
{
    private readonly IDatabaseWriter _writer;
    private readonly ReadConnections? _reads;
    private long _generation;

    /// <summary>A database of the service named in <paramref name="options"/>.</summary>
    protected Database(DatabaseOptions options)
    {
        Options = options;
        Dialect = SqlDialect.For(options.Provider);
        // SQLite serialises writers anyway: queue them in process and commit them in groups. SQL
        // Server may be shared by several instances of a service: each write takes its lock there.
        _writer = options.Provider == DatabaseProvider.Sqlite ? new GroupCommitWriter(this) : new TransactionPerWrite(this);
        // SQLite compiles statements on the client: keep reads' connections open with their statements
        // compiled. SqlClient's pool and SQL Server's plan cache already do that for SQL Server.
        _reads = options.Provider == DatabaseProvider.Sqlite ? new ReadConnections(this) : null;
    }

    /// <summary>Where the data lives.</summary>
    public DatabaseOptions Options { get; }

    /// <summary>The SQL dialect of the provider.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>
    /// Counts this process's commits to the database. A value read before a read and unchanged after
    /// it means no write of this process committed in between (what <see cref="Reading.ReadCache{TDatabase}"/> relies on).
    /// </summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Signalled after each commit that wrote events.</summary>
    public CommitSignal Commits { get; } = new();

    /// <summary>Completes once the schema is migrated and seed data loaded; the service serves from then on.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Completes once the schema is migrated, before the seed: read models the seed depends on fill from then on.</summary>
    public Task Migrated => _migrated.Task;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks the schema migrated (called by <see cref="Migrations.DatabaseStartup{TDatabase}"/>).</summary>
    public void MarkMigrated() => _migrated.TrySetResult();

    /// <summary>Marks the database ready (called by <see cref="Migrations.DatabaseStartup{TDatabase}"/>).</summary>
    public void MarkReady()
    {
        _migrated.TrySetResult();
        _ready.TrySetResult();
    }

    /// <summary>SQL with the dialect's tokens replaced (see <see cref="SqlDialect"/>).</summary>
    public string Sql(string template) => Dialect.Render(template);

    /// <summary>
    /// An open connection; for a writer, with the dialect's per-connection write settings applied
    /// (SQLite's synchronous=FULL, busy timeout and foreign keys: once per physical connection would
    /// do, but a writer opens its connection once). Readers skip them: they cost a round of PRAGMAs
    /// per pooled open, and WAL readers need none of them. Internal so that no caller outside this
    /// library can run SQL that the dialect has not rendered; use the read helpers or <see cref="WriteAsync{T}"/>.
    /// </summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken ct, bool forWriting = false)
    {
        var connection = Dialect.CreateConnection(Options.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (forWriting) await Dialect.OnOpenedForWritingAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one all-or-nothing write and returns its result once the write
    /// is durable. Everything a command changes, its events (outbox rows) and its retry record are
    /// written through the <see cref="UnitOfWork"/> it is given. The only way to write.
    /// </summary>
    /// <remarks>Inside a trace, the write is a span of its own ("WRITE {service}", see <see cref="DatabaseTelemetry"/>).</remarks>
    public async Task<T> WriteAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken ct)
    {
        var span = DatabaseTelemetry.StartWrite(this);
        if (span is null) return await _writer.WriteAsync(work, default, ct);
        try
        {
            var result = await _writer.WriteAsync(work, span.Context, ct);
            DatabaseTelemetry.End(span);
            return result;
        }
        catch (Exception ex)
        {
            DatabaseTelemetry.End(span, ex);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> as one all-or-nothing write, completing once it is durable.</summary>
    public Task WriteAsync(Func<UnitOfWork, Task> work, CancellationToken ct) =>
        WriteAsync(async uow =>
        {
            await work(uow);
            return true;
        }, ct);

    internal void OnCommitted() => Interlocked.Increment(ref _generation);

    private ICommitRider[] _riders = [];

    /// <summary>The commit riders registered (see <see cref="AddCommitRider"/>).</summary>
    internal IReadOnlyList<ICommitRider> Riders => Volatile.Read(ref _riders);

    /// <summary>
    /// Registers bookkeeping that rides in the group commits of writes that invite it (SQLite only;
    /// see <see cref="ICommitRider"/>). Returns an object that removes it again when disposed.
    /// </summary>
    public IDisposable AddCommitRider(ICommitRider rider)
    {
        lock (_ridersLock) _riders = [.. _riders, rider];
        return new RiderRegistration(this, rider);
    }

    private readonly object _ridersLock = new();

    private sealed class RiderRegistration(Database database, ICommitRider rider) : IDisposable
    {
        public void Dispose()
        {
            lock (database._ridersLock) database._riders = [.. database._riders.Where(r => r != rider)];
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync();
        if (_reads is not null) await _reads.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

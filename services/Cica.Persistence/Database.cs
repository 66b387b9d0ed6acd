using System.Data.Common;
using Cica.Persistence.Dialects;

namespace Cica.Persistence;

/// <summary>
/// One service's database: opens connections and write transactions in its dialect. Each service
/// derives its own sealed type from it (e.g. MembershipDatabase), so several services can share
/// a process without sharing a database. SQL reaches it only through <see cref="UnitOfWork"/> and
/// the read helpers (Database.Statements.cs), which render it first: the dialect renderer is the
/// one choke point every statement passes.
/// </summary>
public abstract partial class Database(DatabaseOptions options)
{
    /// <summary>Where the data lives.</summary>
    public DatabaseOptions Options { get; } = options;

    /// <summary>The SQL dialect of the provider.</summary>
    public SqlDialect Dialect { get; } = SqlDialect.For(options.Provider);

    /// <summary>Signalled after each commit that wrote events.</summary>
    public CommitSignal Commits { get; } = new();

    /// <summary>Completes once the schema is migrated and seed data loaded; nothing reads or writes before.</summary>
    public Task Ready => _ready.Task;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Marks the database ready (called by <see cref="Migrations.DatabaseStartup{TDatabase}"/>).</summary>
    public void MarkReady() => _ready.TrySetResult();

    /// <summary>SQL with the dialect's tokens replaced (see <see cref="SqlDialect"/>).</summary>
    public string Sql(string template) => Dialect.Render(template);

    /// <summary>
    /// An open connection. Internal so that no caller outside this library can run SQL that the
    /// dialect has not rendered; use the read helpers or <see cref="BeginAsync"/>.
    /// </summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = Dialect.CreateConnection(Options.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await Dialect.OnOpenedAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A write transaction holding the write lock. Everything a command changes, its events
    /// (outbox rows) and its retry record are written through it and commit together.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            var transaction = await Dialect.BeginWriteAsync(connection, ct);
            return new UnitOfWork(this, connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

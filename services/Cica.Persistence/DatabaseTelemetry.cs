using System.Diagnostics;
using Cica.Persistence.Dialects;

namespace Cica.Persistence;

/// <summary>
/// Database work in the caller's trace (ActivitySource "Cica.Persistence", OpenTelemetry's database
/// conventions): a span per write transaction and per read statement, named "{operation} {db.name}",
/// with db.system (sqlite | mssql), db.name and db.statement (the rendered SQL: parameters appear as
/// @names, never their values). Only inside a trace: a background loop with no trace of its own
/// (the outbox relay's polling, retention sweeps) makes no root spans that would bury real traffic.
/// On SQL Server, SqlClient's own instrumentation adds the driver's spans under these.
/// </summary>
public static class DatabaseTelemetry
{
    /// <summary>Name of the ActivitySource.</summary>
    public const string SourceName = "Cica.Persistence";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a root span for start-up work (migrations, the seed load): one trace for all it does.</summary>
    public static Activity? StartRoot(string name, Database database)
    {
        var previous = Activity.Current;
        Activity.Current = null; // a root, whatever the host was doing
        var activity = Source.StartActivity(name, ActivityKind.Internal, parentContext: default);
        if (activity is null) Activity.Current = previous;
        activity?.SetTag("db.system", SystemOf(database.Dialect));
        activity?.SetTag("db.name", database.Options.ServiceName);
        return activity;
    }

    /// <summary>
    /// The span of one write transaction, a child of the caller's current span; null outside a trace.
    /// Activity.Current stays the caller's span: the write's work runs in the caller's context, so
    /// what it writes to the outbox carries the caller's span as its parent, and spans started there
    /// are the caller's children, not the transaction's.
    /// </summary>
    internal static Activity? StartWrite(Database database)
    {
        var caller = Activity.Current;
        if (caller is null || !Source.HasListeners()) return null;
        var activity = Source.StartActivity("WRITE " + database.Options.ServiceName, ActivityKind.Client);
        Activity.Current = caller;
        if (activity is null) return null;
        Describe(activity, database, "WRITE");
        return activity;
    }

    /// <summary>The span of one read statement, a child of the caller's current span; null outside a trace.</summary>
    internal static Activity? StartRead(Database database, string renderedSql)
    {
        if (Activity.Current is null || !Source.HasListeners()) return null;
        var operation = FirstKeyword(renderedSql);
        var activity = Source.StartActivity(operation + " " + database.Options.ServiceName, ActivityKind.Client);
        if (activity is null) return null;
        Describe(activity, database, operation);
        activity.SetTag("db.statement", renderedSql);
        return activity;
    }

    /// <summary>
    /// The span of one group commit on SQLite: a child of the first write's span, linked to the others
    /// (one transaction answers several callers' traces).
    /// </summary>
    internal static Activity? StartBatch(Database database, IReadOnlyList<ActivityContext> writes)
    {
        if (writes.Count == 0) return null;
        var previous = Activity.Current;
        var activity = Source.StartActivity("COMMIT " + database.Options.ServiceName, ActivityKind.Client, writes[0],
            links: writes.Skip(1).Select(w => new ActivityLink(w)));
        Activity.Current = previous;
        if (activity is null) return null;
        Describe(activity, database, "COMMIT");
        activity.SetTag("db.cica.batch_size", writes.Count);
        return activity;
    }

    /// <summary>Ends a span, as failed when <paramref name="failure"/> is given.</summary>
    internal static void End(Activity? activity, Exception? failure = null)
    {
        if (activity is null) return;
        if (failure is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity.SetTag("error.type", failure.GetType().FullName);
        }
        activity.Dispose();
    }

    private static void Describe(Activity activity, Database database, string operation)
    {
        activity.SetTag("db.system", SystemOf(database.Dialect));
        activity.SetTag("db.name", database.Options.ServiceName);
        activity.SetTag("db.operation", operation);
    }

    private static string SystemOf(SqlDialect dialect) => dialect is SqlServerDialect ? "mssql" : "sqlite";

    private static string FirstKeyword(string sql)
    {
        var span = sql.AsSpan().TrimStart();
        var end = span.IndexOfAny(" \r\n\t(");
        var word = (end < 0 ? span : span[..end]).ToString().ToUpperInvariant();
        return word.Length is > 0 and < 16 ? word : "QUERY";
    }
}

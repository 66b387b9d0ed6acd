using System.Globalization;
using Cica.ConceptPapers.Storage;
using Cica.Contracts.Common.V1;
using Cica.Contracts.ConceptPapers.V1;
using Cica.Domain.Callers;
using Cica.Messaging.Outbox;
using Cica.Persistence;
using Google.Protobuf.WellKnownTypes;

namespace Cica.ConceptPapers.Papers;

/// <summary>
/// An approved document whose period is over expires: from the day after the period's last day in
/// Astana (a 2022-2023 paper on 1 January 2024, Astana time). Only APPROVED documents expire;
/// superseded and withdrawn ones keep their status, and a document without a period never expires.
/// The approved text is not touched: only the status (and the etag) change.
/// </summary>
public static class Expiry
{
    /// <summary>Ids of the approved documents whose period ended before <paramref name="today"/> (Astana), in id order.</summary>
    public static Task<IReadOnlyList<long>> DueAsync(Database database, DateOnly today, CancellationToken ct) =>
        database.QueryAsync<long>(
            "SELECT document_id FROM policy_documents WHERE status = @status AND period_last IS NOT NULL AND period_last < @today ORDER BY document_id",
            new { status = (int)PolicyDocumentStatus.Approved, today = Day(today) }, ct);

    /// <summary>
    /// The last day of the earliest period still to end among approved documents, or null when none
    /// will: the sweeper wakes the day after it.
    /// </summary>
    public static async Task<DateOnly?> NextLastDayAsync(Database database, CancellationToken ct)
    {
        var last = await database.QuerySingleOrDefaultAsync<string>(
            "SELECT MIN(period_last) FROM policy_documents WHERE status = @status AND period_last IS NOT NULL",
            new { status = (int)PolicyDocumentStatus.Approved }, ct);
        return last is null ? null : DateOnly.ParseExact(last, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Expires document <paramref name="documentId"/> if it is still approved and its period ended
    /// before <paramref name="today"/>, announcing it; false when there is nothing to do (another
    /// instance, or an earlier sweep, got there first; or the document changed meanwhile).
    /// </summary>
    public static async Task<bool> ExpireAsync(UnitOfWork uow, long documentId, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var row = await DocumentStore.FindAsync(uow, documentId, ct);
        if (row is null || row.DocumentStatus != PolicyDocumentStatus.Approved || row.PeriodLast is null) return false;
        var lastDay = DateOnly.ParseExact(row.PeriodLast, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (lastDay >= today) return false;

        // Conditional on the version read: of two instances sweeping at once, one changes the row.
        var expired = row with { Status = (int)PolicyDocumentStatus.Expired, Version = row.Version + 1, UpdateTime = Times.Store(now) };
        if (!await DocumentStore.UpdateAsync(uow, expired, row.Version, ct)) return false;

        var revision = await DocumentStore.FindRevisionAsync(uow, row.DocumentId, row.CurrentRevision, ct)
            ?? throw new InvalidOperationException($"{row.Name} has no revision {row.CurrentRevision}.");
        await uow.AddAsync(new PolicyDocumentExpired
        {
            PolicyDocument = expired.ToResource(revision),
            PeriodLastDay = CalendarDate.From(lastDay),
            OccurredAt = Timestamp.FromDateTimeOffset(now),
            Actor = Caller.Secretariat.ToActor(),
        }, ct);
        return true;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

namespace Cica.Persistence;

/// <summary>
/// What a write that carried a request_id returned, recorded in the same transaction as the write:
/// a retry finds it and returns it, so the work happens once however often the caller retries.
/// </summary>
public static class RequestLog
{
    /// <summary>A recorded result.</summary>
    public sealed record Entry(string Fingerprint, byte[] Response);

    /// <summary>The result recorded for this operation and request id, or null.</summary>
    public static Task<Entry?> FindAsync(UnitOfWork uow, string operation, string requestId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<Entry>(
            "SELECT fingerprint AS Fingerprint, response AS Response FROM request_log WHERE operation = @operation AND request_id = @requestId",
            new { operation, requestId }, ct);

    /// <summary>Records the result of the write being made in <paramref name="uow"/>.</summary>
    public static Task RecordAsync(UnitOfWork uow, string operation, string requestId, string fingerprint, byte[] response, CancellationToken ct) =>
        uow.ExecuteAsync(
            "INSERT INTO request_log (operation, request_id, fingerprint, response, created_at) VALUES (@operation, @requestId, @fingerprint, @response, @createdAt)",
            new { operation, requestId, fingerprint, response, createdAt = DateTimeOffset.UtcNow.ToString("O") }, ct);
}

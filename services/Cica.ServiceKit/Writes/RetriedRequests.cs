using System.Security.Cryptography;
using Cica.Persistence;
using Cica.Domain.Errors;
using Google.Protobuf;

namespace Cica.ServiceKit.Writes;

/// <summary>
/// Safe retries of writes (AIP-155): a write that carries a request_id is done once; a retry with
/// the same request_id returns the first response, even if the state has moved on since.
/// </summary>
public static class RetriedRequests
{
    /// <summary>Longest request_id accepted.</summary>
    public const int MaxRequestIdLength = 64;

    /// <summary>Null when the request_id is acceptable, otherwise why not.</summary>
    public static string? Problem(string requestId) =>
        requestId.Length > MaxRequestIdLength ? $"must be at most {MaxRequestIdLength} characters" : null;

    /// <summary>
    /// Runs <paramref name="work"/> in <paramref name="uow"/> unless this request_id was done before,
    /// in which case returns the recorded response. Reusing a request_id for a different request is
    /// INVALID_ARGUMENT. Without a request_id, simply runs the work.
    /// </summary>
    public static async Task<TResponse> RunOnceAsync<TRequest, TResponse>(UnitOfWork uow, string operation, string requestId,
        TRequest request, Func<Task<TResponse>> work, CancellationToken ct)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new()
    {
        if (string.IsNullOrEmpty(requestId)) return await work();

        var fingerprint = Fingerprint(request);
        var previous = await RequestLog.FindAsync(uow, operation, requestId, ct);
        if (previous is not null)
        {
            if (previous.Fingerprint != fingerprint)
                throw new InvalidRequestException("request_id", "was already used for a different request");
            return new MessageParser<TResponse>(() => new TResponse()).ParseFrom(previous.Response);
        }

        var response = await work();
        await RequestLog.RecordAsync(uow, operation, requestId, fingerprint, response.ToByteArray(), ct);
        return response;
    }

    // The request's bytes: deterministic for a given message in one protobuf runtime, which is all a
    // retry from the same caller needs.
    private static string Fingerprint(IMessage request) =>
        Convert.ToHexString(SHA256.HashData(request.ToByteArray()));
}

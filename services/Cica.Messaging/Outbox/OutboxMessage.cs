namespace Cica.Messaging.Outbox;

/// <summary>A row of the outbox table: one event waiting to be published, with its delivery bookkeeping.</summary>
public sealed record OutboxMessage(long Sequence, string MessageId, string MessageType, byte[] Payload, string? TraceParent, string? TraceState)
{
    /// <summary>When the event was written (ISO 8601).</summary>
    public string CreatedAt { get; init; } = DateTimeOffset.UtcNow.ToString("O");

    /// <summary>Failed attempts of the row itself so far.</summary>
    public int Attempts { get; init; }

    /// <summary>Times the broker returned the row as unroutable so far.</summary>
    public int Returns { get; init; }

    /// <summary>The lease of the claim that took the row (with the relay's owner id, it names the claim's rows); 0 when not claimed.</summary>
    public long ClaimedUntil { get; init; }
}
